import { errorInfo, isAppErrorCode } from '../../../shared/errors';
import type { StreamError } from '../../../shared/events';

/** The catalog's plain words for the code (shared/errors.ts); an unknown code still shows itself. */
function headline(code: string): string {
  return (isAppErrorCode(code) && errorInfo(code).headline) || 'Failed';
}

/** Ends the user chose (Stop, Deny) are shown calmly, not as failures. */
const isQuiet = (code: string) => isAppErrorCode(code) && errorInfo(code).quiet === true;

/** What failed, its code and the detail, inside the card. */
export function ErrorPanel({ error }: { error: StreamError }) {
  return (
    <div className={`card-error${isQuiet(error.code) ? ' card-error-quiet' : ''}`} role="group" aria-label="Error">
      <p className="card-error-title">
        <strong>{headline(error.code)}</strong>
        <code className="card-error-code">{error.code}</code>
      </p>
      <p className="card-error-detail">{error.message}</p>
    </div>
  );
}
