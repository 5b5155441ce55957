import type { ServerInfo } from '../../shared/servers';
import type { McpManager } from '../mcp/manager';
import { listServers } from './status';

/**
 * servers.onChange: the whole list now, then again after every change. Each event is a full
 * snapshot, so a client that reconnects needs no replay (hence no tracked ids): the first event
 * is all it missed. Changes that pile up while the client reads are sent as one snapshot.
 */
export async function* serverChanges(mcp: McpManager, signal: AbortSignal): AsyncGenerator<ServerInfo[]> {
  let changed = false;
  let wake: (() => void) | undefined;
  const onChange = () => {
    changed = true;
    wake?.();
  };
  const onAbort = () => wake?.();
  // Listening before the first snapshot: a change in between is not lost.
  mcp.changes.on('change', onChange);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    yield listServers(mcp);
    while (!signal.aborted) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (signal.aborted) return;
      changed = false;
      yield listServers(mcp);
    }
  } finally {
    mcp.changes.off('change', onChange);
    signal.removeEventListener('abort', onAbort);
  }
}
