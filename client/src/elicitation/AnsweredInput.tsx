import type { InputExchange } from '../../../shared/events';
import { displayValue, fieldsOf, hostOf } from './schemaForm';

const VERDICT = { accept: 'Accepted', decline: 'Declined', cancel: 'Cancelled' } as const;

/**
 * A request for input that is closed: what was asked and what was answered (from the stream, or
 * from the run's record after a reload). One never answered (the run ended first) reads as closed.
 */
export function AnsweredInput({ exchange }: { exchange: InputExchange }) {
  const { request, answer } = exchange;
  const fields = fieldsOf(request.schema);
  const content = answer?.content ? Object.entries(answer.content) : [];
  const verdict = answer ? (request.mode === 'url' && answer.action === 'accept' ? 'Done' : VERDICT[answer.action]) : 'Closed unanswered';
  return (
    <section className="input-answered" aria-label={`Answered request: ${request.message}`} data-action={answer?.action ?? 'none'}>
      <p className="input-message">
        <span className={`badge badge-input-${answer?.action ?? 'none'}`}>{verdict}</span> {request.message}
        {request.mode === 'url' && request.url && <span className="input-url-host"> {hostOf(request.url)}</span>}
      </p>
      {content.length > 0 && (
        <dl className="input-answer">
          {content.map(([name, value]) => {
            const field = fields.find((f) => f.name === name);
            return (
              <div key={name}>
                <dt>{field?.label ?? name}</dt>
                <dd>{displayValue(field, value)}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
