import { useMemo, useState } from 'react';
import type { InputAction, InputRequest } from '../../../shared/events';
import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';
import { FormFields } from './FormFields';
import { contentOf, fieldsOf, hostOf, initialValues, problemsByField, type FormValue } from './schemaForm';

interface InputRequestPanelProps {
  executionId: string;
  tool: string;
  request: InputRequest;
}

/**
 * A running tool asks the user (MCP elicitation). Form mode: a form built from the requested
 * schema, with Accept / Decline / Cancel; the server checks the answer and a refusal shows next to
 * its field (the request stays open). URL mode: the message and the URL with its host first; the
 * link opens only on a click, then the user says Done or Cancel. The stream says when it closed.
 */
export function InputRequestPanel({ executionId, tool, request }: InputRequestPanelProps) {
  const fields = useMemo(() => fieldsOf(request.schema), [request.schema]);
  const [values, setValues] = useState(() => initialValues(request.schema));
  const respond = trpc.executions.respond.useMutation();
  const busy = respond.isPending || respond.isSuccess;
  const send = (action: InputAction) =>
    respond.mutate({ executionId, requestId: request.requestId, action, ...(action === 'accept' && request.mode === 'form' ? { content: contentOf(fields, values) } : {}) });
  const failure = respond.error ? describeRequestError(respond.error).message : null;
  const problems = failure ? problemsByField(failure, fields) : { byField: {}, rest: null };
  const idPrefix = `input-${request.requestId}`;
  const pending = (action: InputAction, idle: string, working: string) => (respond.isPending && respond.variables?.action === action ? working : idle);

  if (request.mode === 'url') {
    const url = request.url ?? '';
    const host = hostOf(url);
    return (
      <section className="input-request" aria-label={`${tool} asks you to open a link`}>
        <p className="input-message">{request.message}</p>
        <p className="input-url">
          <span className="input-url-host">{host}</span>
          <span className="input-url-full">{url}</span>
        </p>
        <div className="input-actions">
          <a className="button button-primary" href={url} target="_blank" rel="noopener noreferrer">
            Open {host}
          </a>
          <button type="button" className="button" onClick={() => send('accept')} disabled={busy}>
            {pending('accept', 'Done', 'Sending…')}
          </button>
          <button type="button" className="button" onClick={() => send('cancel')} disabled={busy}>
            {pending('cancel', 'Cancel', 'Cancelling…')}
          </button>
          {failure && (
            <span className="inline-error" role="alert">
              {failure}
            </span>
          )}
        </div>
      </section>
    );
  }

  return (
    <form
      className="input-request"
      aria-label={`${tool} asks for input`}
      // The server judges the answer against the schema and names what is wrong: one set of rules.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send('accept');
      }}
    >
      <p className="input-message">{request.message}</p>
      <FormFields
        idPrefix={idPrefix}
        fields={fields}
        values={values}
        problems={problems.byField}
        disabled={busy}
        onChange={(name: string, value: FormValue) => setValues((old) => ({ ...old, [name]: value }))}
      />
      {fields.some((field) => field.required) && <p className="input-hint">* required</p>}
      <div className="input-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {pending('accept', 'Accept', 'Sending…')}
        </button>
        <button type="button" className="button" onClick={() => send('decline')} disabled={busy}>
          {pending('decline', 'Decline', 'Declining…')}
        </button>
        <button type="button" className="button" onClick={() => send('cancel')} disabled={busy}>
          {pending('cancel', 'Cancel', 'Cancelling…')}
        </button>
        {problems.rest && (
          <span className="inline-error" role="alert">
            {problems.rest}
          </span>
        )}
      </div>
    </form>
  );
}
