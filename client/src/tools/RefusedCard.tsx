import type { ReplyRefusedCall } from '../chat/replyStreamStore';
import { formatArguments } from '../lib/format';

/**
 * A tool call of the model's that the server refused before anything ran (unknown tool, bad
 * arguments, a `deny` policy, a full queue): what was asked and why not. It has no run, so no
 * stream and no actions; the model was told the same reason.
 */
export function RefusedCard({ refused }: { refused: ReplyRefusedCall }) {
  const args = typeof refused.parameters === 'string' ? refused.parameters : formatArguments(refused.parameters);
  return (
    <article className="tool-card tool-card-refused tool-card-model" aria-label={`Refused tool call ${refused.tool}`} data-status="refused">
      <header className="tool-card-head">
        <span className="tool-icon" aria-hidden="true">⚙</span>
        <p className="tool-command" title={`${refused.tool} ${args}`.trim()}>
          <span className="tool-name">{refused.tool}</span>
          {args && <span className="tool-args"> {args}</span>}
        </p>
        <span className="badge badge-refused" role="status">
          Refused
        </span>
      </header>
      <p className="tool-note">Asked by the model</p>
      <p className="tool-refusal">
        Nothing ran: {refused.message} <code>{refused.code}</code>
      </p>
    </article>
  );
}
