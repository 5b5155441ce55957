import type { ServerInfo } from '../../shared/servers';
import type { Client } from './harness';

/**
 * Follows servers.onChange: `until(check)` resolves with the first snapshot (already seen or still
 * to come) that passes `check`. Event-driven: it waits for the server's own notice, never a timer.
 */
export function watchServers(client: Client) {
  const seen: ServerInfo[][] = [];
  const waiters = new Set<{ check: (list: ServerInfo[]) => boolean; resolve: (list: ServerInfo[]) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  const subscription = client.servers.onChange.subscribe(undefined, {
    onData(list) {
      seen.push(list);
      for (const waiter of waiters) {
        if (waiter.check(list)) {
          waiters.delete(waiter);
          waiter.resolve(list);
        }
      }
    },
    onError(error) {
      failure = error;
      for (const waiter of waiters) waiter.reject(error);
      waiters.clear();
    },
  });
  return {
    seen,
    until(check: (list: ServerInfo[]) => boolean): Promise<ServerInfo[]> {
      const found = seen.find(check);
      if (found) return Promise.resolve(found);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiters.add({ check, resolve, reject }));
    },
    close: () => subscription.unsubscribe(),
  };
}

export const statusIn = (list: ServerInfo[], name: string) => list.find((server) => server.name === name)?.status;
