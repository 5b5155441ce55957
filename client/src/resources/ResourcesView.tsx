import { useState } from 'react';
import type { ResourceInfo } from '../../../shared/mcpFeatures';
import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';
import { ViewHeader } from '../ui/ViewHeader';
import { OpenResource } from './ResourceView';

/** A server's resources: the first answer holds every page; "More" is there for a server that still gives a cursor. */
function ResourcePage({ server, cursor }: { server: string; cursor?: string }) {
  const page = trpc.resources.list.useQuery({ server, cursor }, { staleTime: 30_000, retry: false });
  const [more, setMore] = useState(false);
  if (page.isPending) return <p role="status">Listing the resources of {server}…</p>;
  if (page.error) return <p className="resource-error" role="alert">{describeRequestError(page.error).message}</p>;
  const { resources, nextCursor } = page.data;
  return (
    <>
      {resources.length === 0 && cursor === undefined && <p className="resource-empty">No resources.</p>}
      <ul className="resource-list">
        {resources.map((resource) => (
          <ResourceLine key={resource.uri} server={server} resource={resource} />
        ))}
      </ul>
      {nextCursor !== undefined &&
        (more ? (
          <ResourcePage server={server} cursor={nextCursor} />
        ) : (
          <button type="button" className="button button-small" onClick={() => setMore(true)}>
            More resources of {server}
          </button>
        ))}
    </>
  );
}

function ResourceLine({ server, resource }: { server: string; resource: ResourceInfo }) {
  return (
    <li className="resource-line">
      <p className="resource-line-head">
        <strong>{resource.title ?? resource.name}</strong> <code>{resource.uri}</code>
        {resource.mimeType && <span className="result-meta">{resource.mimeType}</span>}
      </p>
      {resource.description && <p className="resource-description">{resource.description}</p>}
      <OpenResource server={server} uri={resource.uri} label={resource.name} />
    </li>
  );
}

/** A server's URI templates, and a field to open any URI of that server (a template filled in by hand). */
function Templates({ server }: { server: string }) {
  const templates = trpc.resources.templates.useQuery({ server }, { staleTime: 30_000, retry: false });
  const [uri, setUri] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <div className="resource-templates">
      {templates.data && templates.data.resourceTemplates.length > 0 && (
        <ul className="resource-list">
          {templates.data.resourceTemplates.map((template) => (
            <li key={template.uriTemplate} className="resource-line">
              <strong>{template.title ?? template.name}</strong> <code>{template.uriTemplate}</code>
              {template.description && <span className="resource-description"> {template.description}</span>}
            </li>
          ))}
        </ul>
      )}
      <form
        className="resource-uri-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (uri.trim()) setOpened(uri.trim());
        }}
      >
        <input className="resource-uri-input" value={uri} onChange={(event) => setUri(event.target.value)} aria-label={`Resource URI of ${server}`} placeholder="a URI, e.g. a template filled in" />
        <button type="submit" className="button button-small">Open URI</button>
      </form>
      {opened && <OpenResource key={opened} server={server} uri={opened} />}
    </div>
  );
}

/** Every configured MCP server's resources and resource templates, each resource openable. */
export function ResourcesView() {
  const servers = trpc.servers.list.useQuery(undefined, { staleTime: 10_000 });
  return (
    <section className="resources-view" aria-label="Resources">
      <ViewHeader title="Resources" />
      <div className="resources-body">
        {servers.data?.length === 0 && <p>No MCP servers are configured.</p>}
        {servers.data?.map((server) => (
          <section key={server.name} className="resource-server" aria-label={`Resources of ${server.name}`}>
            <h2>{server.name}</h2>
            <ResourcePage server={server.name} />
            <h3>Templates</h3>
            <Templates server={server.name} />
          </section>
        ))}
      </div>
    </section>
  );
}
