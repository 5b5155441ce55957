import { useSyncExternalStore } from 'react';

/**
 * Which transport live updates use, for the discreet note in the header. `sseUnavailable`
 * flips once an SSE subscription fails to connect; from then on every subscription goes over
 * the WebSocket. `wsStreams` counts subscriptions currently carried by the WebSocket (also used
 * when many streams are live at once, see adaptiveSubscriptionLink).
 */
export interface TransportStatus {
  sseUnavailable: boolean;
  wsStreams: number;
}

let status: TransportStatus = { sseUnavailable: false, wsStreams: 0 };
const listeners = new Set<() => void>();

function update(next: Partial<TransportStatus>): void {
  status = { ...status, ...next };
  for (const listener of listeners) listener();
}

export const transportStatus = {
  get: (): TransportStatus => status,
  markSseUnavailable: () => {
    if (!status.sseUnavailable) update({ sseUnavailable: true });
  },
  wsStreamOpened: () => update({ wsStreams: status.wsStreams + 1 }),
  wsStreamClosed: () => update({ wsStreams: Math.max(0, status.wsStreams - 1) }),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useTransportStatus(): TransportStatus {
  return useSyncExternalStore(transportStatus.subscribe, transportStatus.get);
}
