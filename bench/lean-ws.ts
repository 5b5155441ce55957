/**
 * A lean reader of tRPC subscriptions over WebSocket: the `ws` package and tRPC's JSON protocol
 * spoken directly, instead of createWSClient + wsLink (same frames on the wire, a fraction of the
 * client's cost). The protocol, as @trpc/server's ws adapter and @trpc/client's wsLink speak it:
 *
 * - client → `{"id":N,"method":"subscription","params":{"path":"chat.streamTool","input":{…}}}`
 * - server → `{"id":N,"result":{"type":"started"}}`
 * - server → `{"id":N,"result":{"type":"data","id":"<seq>","data":{"id":"<seq>","data":<event>}}}`
 *   for a tracked() event (the stream's log sequence), `"data":<value>` for an untracked one
 * - server → `{"id":N,"result":{"type":"stopped"}}` when the subscription ends, or `{"id":N,"error":{…}}`
 * - server → the text `PING` (keepAlive): the client answers `PONG`
 * - client → `{"id":N,"method":"subscription.stop"}` to unsubscribe
 */
import WebSocket from 'ws';

export interface WsSubscription {
  path: string;
  input: unknown;
  /** Each data event's value (the tracked envelope unwrapped). */
  onData(value: unknown): void;
  onStopped?(): void;
  onError(message: string): void;
}

interface Incoming {
  id?: number | string | null;
  result?: { type?: string; id?: string; data?: unknown };
  error?: { message?: string };
  method?: string;
}

export class LeanWsClient {
  private readonly socket: WebSocket;
  private readonly subs = new Map<number, WsSubscription>();
  private nextId = 1;
  private closed = false;
  readonly opened: Promise<void>;

  constructor(url: string, onError: (message: string) => void) {
    this.socket = new WebSocket(url, { perMessageDeflate: false });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', (error) => reject(error));
    });
    this.opened.catch(() => undefined);
    this.socket.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) return onError('WebSocket: unexpected binary frame');
      const text = raw.toString('utf8');
      if (text === 'PING') return this.socket.send('PONG');
      if (text === 'PONG') return;
      let message: Incoming;
      try {
        message = JSON.parse(text) as Incoming;
      } catch {
        return onError('WebSocket: a frame that is not JSON');
      }
      this.handle(message, onError);
    });
    this.socket.on('error', (error) => this.closed || onError(`WebSocket: ${error.message}`));
    this.socket.on('close', (code) => {
      if (this.closed) return;
      for (const sub of this.subs.values()) sub.onError(`WebSocket closed (${code})`);
      this.subs.clear();
    });
  }

  private handle(message: Incoming, onError: (message: string) => void): void {
    // The server asks clients to reconnect when it restarts: the benchmark does not.
    if (message.method === 'reconnect') return onError('WebSocket: server asked to reconnect');
    const sub = typeof message.id === 'number' ? this.subs.get(message.id) : undefined;
    if (!sub) return;
    if (message.error) {
      this.subs.delete(message.id as number);
      return sub.onError(`tRPC WS: ${message.error.message ?? 'error'}`);
    }
    const result = message.result;
    if (!result) return;
    if (result.type === 'data') {
      // A tracked() value comes as {id, data}; result.id carries the same id.
      const data = result.id !== undefined && result.data && typeof result.data === 'object' && 'data' in result.data ? (result.data as { data: unknown }).data : result.data;
      sub.onData(data);
    } else if (result.type === 'stopped') {
      this.subs.delete(message.id as number);
      sub.onStopped?.();
    }
    // 'started': nothing to do.
  }

  /** Sends the subscription once the socket is open. Returns its id, for `unsubscribe`. */
  async subscribe(sub: WsSubscription): Promise<number> {
    await this.opened;
    const id = this.nextId++;
    this.subs.set(id, sub);
    this.socket.send(JSON.stringify({ id, method: 'subscription', params: { path: sub.path, input: sub.input } }));
    return id;
  }

  unsubscribe(id: number): void {
    if (!this.subs.delete(id) || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ id, method: 'subscription.stop' }));
  }

  close(): Promise<void> {
    this.closed = true;
    this.subs.clear();
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
      // A server that does not answer the close frame must not hold the benchmark.
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}
