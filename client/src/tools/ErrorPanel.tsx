import type { StreamError } from '../../../shared/events';

/** Plain words for the codes PRODUCT.md defines; an unknown code still shows itself. */
function headline(code: string): string {
  switch (code) {
    case 'CANCELLED':
      return 'Stopped before it finished';
    case 'TIMEOUT':
      return 'Timed out';
    case 'TOOL_ERROR':
      return 'The tool reported an error';
    case 'EXCEPTION':
      return 'The tool crashed';
    case 'SERVER_RESTARTED':
      return 'Interrupted by a server restart';
    case 'MCP_SERVER_UNAVAILABLE':
      return 'The MCP server is unavailable';
    case 'MCP_SERVER_CRASHED':
      return 'The MCP server crashed';
    case 'DENIED':
      return 'Denied';
    case 'STORAGE_FULL':
      return 'The server could not store this';
    default:
      return 'Failed';
  }
}

/** Ends the user chose (Stop, Deny) are shown calmly, not as failures. */
const QUIET = new Set(['CANCELLED', 'DENIED']);

/** What failed, its code and the detail, inside the card. */
export function ErrorPanel({ error }: { error: StreamError }) {
  return (
    <div className={`card-error${QUIET.has(error.code) ? ' card-error-quiet' : ''}`} role="group" aria-label="Error">
      <p className="card-error-title">
        <strong>{headline(error.code)}</strong>
        <code className="card-error-code">{error.code}</code>
      </p>
      <p className="card-error-detail">{error.message}</p>
    </div>
  );
}
