import { useTransportStatus } from './transportStatus';

/** A quiet line saying live updates fell back to the WebSocket; nothing when SSE works. */
export function TransportNote() {
  const { sseUnavailable } = useTransportStatus();
  if (!sseUnavailable) return null;
  return (
    <p className="transport-note" role="status" title="Server-sent events could not connect, so live output comes over a WebSocket instead.">
      <span className="transport-dot" aria-hidden="true" />
      Live updates over WebSocket
    </p>
  );
}
