import { ViewHeader } from '../ui/ViewHeader';
import { ServerCard } from './ServerCard';
import { useServers } from './useServers';

function summary(counts: Map<string, number>, total: number): string {
  if (total === 0) return 'No MCP servers are configured: add them under mcpServers in fragments.config.json.';
  const parts = [...counts].map(([label, count]) => `${count} ${label}`);
  return `${total} server${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

const WORD = { connecting: 'connecting', connected: 'connected', needs_auth: 'need sign-in', failed: 'failed', disabled: 'disabled' } as const;

/** Every configured MCP server, live: connected ones with their revision and tools, the others with what to do. */
export function ServersView() {
  const servers = useServers();
  const list = servers.data ?? [];
  const counts = new Map<string, number>();
  for (const server of list) counts.set(WORD[server.status], (counts.get(WORD[server.status]) ?? 0) + 1);

  return (
    <section className="servers-view" aria-label="MCP servers">
      <ViewHeader title="Servers" />
      <div className="servers-scroll">
        <p className="servers-summary" role="status" aria-live="polite">
          {servers.isPending ? 'Loading servers…' : summary(counts, list.length)}
        </p>
        {servers.error && (
          <p className="inline-error" role="alert">
            {servers.error.message}
          </p>
        )}
        <ul className="server-list" aria-label="MCP server list">
          {list.map((server) => (
            <ServerCard key={server.name} server={server} />
          ))}
        </ul>
      </div>
    </section>
  );
}
