import type { Field, FormValue, FormValues } from './schemaForm';

interface FormFieldsProps {
  idPrefix: string;
  fields: Field[];
  values: FormValues;
  problems: Record<string, string>;
  disabled: boolean;
  onChange(name: string, value: FormValue): void;
}

const INPUT_TYPES = { text: 'text', email: 'email', url: 'url', date: 'date', datetime: 'datetime-local', number: 'number', integer: 'number' } as const;

/** One labelled input per field; a field's problem (from the server) sits under it and is tied to it for screen readers. */
export function FormFields({ idPrefix, fields, values, problems, disabled, onChange }: FormFieldsProps) {
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const problem = problems[field.name];
        const describedBy = [field.description ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = { id, disabled, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy, 'aria-required': field.required || undefined };
        const label = (
          <>
            {field.label}
            {field.required && (
              <span className="input-required" aria-hidden="true">
                {' '}
                *
              </span>
            )}
          </>
        );
        const hint = field.description && (
          <span id={`${id}-hint`} className="input-hint">
            {field.description}
          </span>
        );
        const error = problem && (
          <span id={`${id}-error`} className="input-error" role="alert">
            {problem}
          </span>
        );
        const value = values[field.name];
        if (field.kind === 'boolean') {
          return (
            <div key={field.name} className="input-field input-field-check">
              <label>
                <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(field.name, e.target.checked)} /> {label}
              </label>
              {hint}
              {error}
            </div>
          );
        }
        if (field.kind === 'multiselect') {
          const ticked = Array.isArray(value) ? value : [];
          return (
            <fieldset key={field.name} className="input-field" aria-describedby={describedBy} aria-invalid={problem ? true : undefined}>
              <legend>{label}</legend>
              {hint}
              {field.choices.map((choice) => (
                <label key={choice.value} className="input-choice">
                  <input
                    type="checkbox"
                    disabled={disabled}
                    checked={ticked.includes(choice.value)}
                    onChange={(e) => onChange(field.name, e.target.checked ? [...ticked, choice.value] : ticked.filter((v) => v !== choice.value))}
                  />{' '}
                  {choice.label}
                </label>
              ))}
              {error}
            </fieldset>
          );
        }
        return (
          <div key={field.name} className="input-field">
            <label htmlFor={id}>{label}</label>
            {hint}
            {field.kind === 'select' ? (
              <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(field.name, e.target.value)}>
                {/* Left empty, the field is left out (and gets its default, if it has one). */}
                <option value="">{field.required ? 'Choose…' : '(none)'}</option>
                {field.choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={INPUT_TYPES[field.kind]}
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => onChange(field.name, e.target.value)}
                step={field.kind === 'integer' ? 1 : field.kind === 'number' ? 'any' : undefined}
                min={field.min}
                max={field.max}
                minLength={field.minLength}
                maxLength={field.maxLength}
              />
            )}
            {error}
          </div>
        );
      })}
    </>
  );
}
