import type { Fragment } from '../../../shared/api';
import { formatArguments, formatDateTime, formatDuration, prettyJson } from '../lib/format';
import { conversationHref } from '../lib/route';
import { runRecordOf } from '../tools/fragmentMetadata';

/** The list shows each fragment's start; its conversation has the rest. */
export const PREVIEW_CHARS = 600;

/** A one-line summary of what the metadata says, by fragment type. */
function Summary({ fragment }: { fragment: Fragment }) {
  const meta = runRecordOf(fragment);
  if (meta) {
    return (
      <p className="fragment-summary">
        <code>
          {meta.tool} {formatArguments(meta.parameters)}
        </code>
        <span className={`badge badge-${meta.status}`}>{meta.status}</span>
        <span className="fragment-meta">{formatDuration(meta.executionTime)}</span>
      </p>
    );
  }
  const type = typeof fragment.metadata.type === 'string' ? fragment.metadata.type : 'fragment';
  return <p className="fragment-summary fragment-meta">{type.replace(/_/g, ' ')}</p>;
}

/** One fragment: who, when, where, what its metadata says, and its text (as text). */
export function FragmentRow({ fragment, conversationTitle }: { fragment: Fragment; conversationTitle: string | undefined }) {
  const chars = fragment.contentChars ?? fragment.content.length;
  const preview = chars > PREVIEW_CHARS ? `${fragment.content.slice(0, PREVIEW_CHARS)}…` : fragment.content;
  return (
    <li className="fragment">
      <article aria-label={`${fragment.role} fragment`}>
        <header className="fragment-head">
          <span className={`role role-${fragment.role}`}>{fragment.role}</span>
          <time dateTime={new Date(fragment.createdAt).toISOString()}>{formatDateTime(fragment.createdAt)}</time>
          <a href={conversationHref(fragment.conversationId)} className="fragment-conversation">
            {conversationTitle ?? 'Open conversation'}
          </a>
        </header>
        <Summary fragment={fragment} />
        {preview && <pre className="fragment-content">{preview}</pre>}
        <details className="fragment-details">
          <summary>Metadata</summary>
          <dl className="fragment-ids">
            <dt>id</dt>
            <dd>
              <code>{fragment.id}</code>
            </dd>
            <dt>session</dt>
            <dd>
              <code>{fragment.sessionId}</code>
            </dd>
          </dl>
          <pre className="result-pre">{prettyJson(fragment.metadata)}</pre>
        </details>
      </article>
    </li>
  );
}
