import { useState } from 'react';
import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';
import { ResourceContents } from './ResourceContents';

/** One resource of one MCP server, read with resources.read and shown safely (ResourceContents). */
export function ResourceView({ server, uri }: { server: string; uri: string }) {
  const read = trpc.resources.read.useQuery({ server, uri }, { staleTime: 30_000, retry: false });
  if (read.isPending) return <p className="resource-loading" role="status">Reading {uri}…</p>;
  if (read.error) {
    const error = describeRequestError(read.error);
    return (
      <p className="resource-error" role="alert">
        {error.code && <code>{error.code}</code>} {error.message}
      </p>
    );
  }
  return <ResourceContents contents={read.data.contents} />;
}

/**
 * "Open" for a resource URI (a resource_link in a result, a line of the resources list): reads it
 * from its server on the first click and shows it under the button; a second click hides it.
 */
export function OpenResource({ server, uri, label }: { server: string; uri: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const name = label ?? uri;
  return (
    <div className="resource-open">
      <button type="button" className="button button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `Close ${name}` : `Open ${name}`}
      </button>
      {open && <ResourceView server={server} uri={uri} />}
    </div>
  );
}
