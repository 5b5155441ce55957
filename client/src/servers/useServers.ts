import type { ServerInfo } from '../../../shared/servers';
import { trpc } from '../trpc';

/**
 * The configured MCP servers, kept current: servers.onChange sends the whole list at once and after
 * every change (a crash, a reconnect, a sign-in), so the view never polls. A dropped subscription
 * is reopened by tRPC, and its first event is the list as it is then.
 */
export function useServers(): { data: ServerInfo[] | undefined; isPending: boolean; error: { message: string } | null } {
  const utils = trpc.useUtils();
  const list = trpc.servers.list.useQuery(undefined, { refetchOnWindowFocus: true });
  trpc.servers.onChange.useSubscription(undefined, {
    onData: (servers) => utils.servers.list.setData(undefined, servers),
  });
  return list;
}

/** Puts one server's new state (a reconnect's answer) into the list, before onChange brings it too. */
export function useServerUpdate() {
  const utils = trpc.useUtils();
  return (server: ServerInfo) =>
    utils.servers.list.setData(undefined, (current) => current?.map((entry) => (entry.name === server.name ? server : entry)));
}

/** Servers that need the user: failed or waiting for sign-in (the sidebar counts them). */
export function needsAttention(servers: readonly ServerInfo[] | undefined): number {
  return servers?.filter((server) => server.status === 'failed' || server.status === 'needs_auth').length ?? 0;
}
