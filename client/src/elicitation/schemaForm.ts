/**
 * A form from an MCP elicitation's requested schema: a flat object whose fields are strings (with
 * the formats email, uri, date, date-time), numbers, integers, booleans, single-choice enums
 * (`enum`, `oneOf` of const/title, or the legacy `enumNames`) and multi-choice enums (an array of
 * `enum` or `anyOf` items). Pure functions: the panel renders what these describe.
 */
import type { InputContent } from '../../../shared/events';

export interface Choice {
  value: string;
  label: string;
}

export type FieldKind = 'text' | 'email' | 'url' | 'date' | 'datetime' | 'number' | 'integer' | 'boolean' | 'select' | 'multiselect';

export interface Field {
  name: string;
  label: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  choices: Choice[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
}

/** What the inputs hold: text for text-like inputs, a flag for a checkbox, the ticked values of a multi-choice. */
export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

type Property = Record<string, unknown>;

const isObject = (value: unknown): value is Property => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOf = (value: unknown) => (typeof value === 'number' ? value : undefined);

function choicesOf(property: Property): Choice[] {
  const options = Array.isArray(property.oneOf) ? property.oneOf : Array.isArray(property.anyOf) ? property.anyOf : null;
  if (options) {
    return options.filter(isObject).map((option) => ({ value: String(option.const), label: typeof option.title === 'string' ? option.title : String(option.const) }));
  }
  if (Array.isArray(property.enum)) {
    const names = Array.isArray(property.enumNames) ? property.enumNames : [];
    return property.enum.map((value, i) => ({ value: String(value), label: typeof names[i] === 'string' ? names[i] : String(value) }));
  }
  return [];
}

function kindOf(property: Property): { kind: FieldKind; choices: Choice[] } {
  if (property.type === 'array') return { kind: 'multiselect', choices: isObject(property.items) ? choicesOf(property.items) : [] };
  const choices = choicesOf(property);
  if (choices.length > 0) return { kind: 'select', choices };
  switch (property.type) {
    case 'boolean':
      return { kind: 'boolean', choices };
    case 'integer':
      return { kind: 'integer', choices };
    case 'number':
      return { kind: 'number', choices };
    default:
      break;
  }
  switch (property.format) {
    case 'email':
      return { kind: 'email', choices };
    case 'uri':
      return { kind: 'url', choices };
    case 'date':
      return { kind: 'date', choices };
    case 'date-time':
      return { kind: 'datetime', choices };
    default:
      return { kind: 'text', choices };
  }
}

/** The form's fields, in the schema's order. */
export function fieldsOf(schema: Record<string, unknown> | undefined): Field[] {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required.map(String) : []);
  return Object.entries(properties)
    .filter((entry): entry is [string, Property] => isObject(entry[1]))
    .map(([name, property]) => ({
      name,
      label: typeof property.title === 'string' && property.title ? property.title : name,
      ...(typeof property.description === 'string' && property.description ? { description: property.description } : {}),
      ...kindOf(property),
      required: required.has(name),
      ...(numberOf(property.minimum) !== undefined ? { min: numberOf(property.minimum) } : {}),
      ...(numberOf(property.maximum) !== undefined ? { max: numberOf(property.maximum) } : {}),
      ...(numberOf(property.minLength) !== undefined ? { minLength: numberOf(property.minLength) } : {}),
      ...(numberOf(property.maxLength) !== undefined ? { maxLength: numberOf(property.maxLength) } : {}),
    }));
}

/** `2026-12-04T10:30:00.000Z` as a datetime-local input shows it (the user's local time). */
function localDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The inputs' first values: the schema's defaults pre-filled, everything else empty. */
export function initialValues(schema: Record<string, unknown> | undefined): FormValues {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const values: FormValues = {};
  for (const field of fieldsOf(schema)) {
    const fallback = (properties[field.name] as Property).default;
    if (field.kind === 'multiselect') values[field.name] = Array.isArray(fallback) ? fallback.map(String) : [];
    else if (field.kind === 'boolean') values[field.name] = fallback === true;
    else if (field.kind === 'datetime') values[field.name] = typeof fallback === 'string' ? localDateTime(fallback) : '';
    else values[field.name] = fallback === undefined ? '' : String(fallback);
  }
  return values;
}

/**
 * The answer to send: typed values, with empty inputs left out (the server applies the schema's
 * defaults to those). A number that does not parse is sent as typed, so the server names the field.
 */
export function contentOf(fields: Field[], values: FormValues): InputContent {
  const content: InputContent = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (typeof value === 'boolean' || Array.isArray(value)) {
      content[field.name] = value;
      continue;
    }
    if (value === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') {
      const parsed = Number(value);
      content[field.name] = Number.isFinite(parsed) ? parsed : value;
    } else if (field.kind === 'datetime') {
      const date = new Date(value);
      content[field.name] = Number.isNaN(date.getTime()) ? value : date.toISOString();
    } else {
      content[field.name] = value;
    }
  }
  return content;
}

/**
 * The server's refusal ("invalid answer: field "email" (Email) must match format "email"; …") split
 * by field, so each message shows next to its input; what names no field is under the form.
 */
export function problemsByField(message: string, fields: Field[]): { byField: Record<string, string>; rest: string | null } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  const body = message.replace(/^invalid answer:\s*/, '');
  for (const part of body.split('; ')) {
    const match = /^field "([^"]+)"(?: \([^)]*\))? (.*)$/.exec(part);
    const field = match && fields.find((f) => f.name === match[1]);
    if (match && field) byField[field.name] = byField[field.name] ? `${byField[field.name]}; ${match[2]}` : (match[2] ?? '');
    else rest.push(part);
  }
  return { byField, rest: rest.length > 0 && Object.keys(byField).length === 0 ? message : rest.length > 0 ? rest.join('; ') : null };
}

/** How an answered value reads in the card: choice labels rather than their codes. */
export function displayValue(field: Field | undefined, value: InputContent[string]): string {
  const label = (v: string) => field?.choices.find((choice) => choice.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.length > 0 ? value.map(label).join(', ') : '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return label(String(value));
}

/** The host of a URL, the part a user must check before opening it. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
