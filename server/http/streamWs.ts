/**
 * chat.streamTool and chat.streamReply over WebSocket, written straight to the socket: the same
 * reader (openEvents) and the same messages tRPC's WebSocket handler sends, without its per-event
 * machinery (a promise race, object spreads and a JSON.stringify of every envelope per event), which
 * at 1000 streams used more than a whole core (`npm run bench`, bench/RESULTS.md). The SSE twin is
 * streamSse.ts.
 *
 * It sits in front of tRPC's handler on each connection and takes only what it fully understands:
 * a single (unbatched) subscription to one of the two procedures, with valid input, on a connection
 * whose context tRPC already made and found authorized, within the subscription limit, for a stream
 * that exists. Everything else — other calls, batches, bad input, a refused token, an unknown
 * stream — goes on to tRPC unchanged, which answers it as usual. If a stream it serves fails midway
 * (retention removed its events under it), it hands the subscription to tRPC from the last event it
 * sent, so the client gets tRPC's own error. server/integration/ws-contract.test.ts holds both
 * writers to the same messages.
 */
import { WebSocket, type RawData } from 'ws';
import { jsonOf, type StreamLog } from '../streams/log';
import { openEvents } from '../streams/tail';
import { streamProcedureAt } from './streamProcedures';
import type { Context } from './context';

type MessageListener = (data: RawData, isBinary: boolean) => void;

interface SubscriptionRequest {
  id: string | number;
  jsonrpc?: '2.0';
  method: 'subscription';
  params: { path: string; input?: unknown; lastEventId?: string };
}

/** Subscriptions this writer took, and those it handed to tRPC midway: the contract test checks it really served them. */
export const directWsStats = { served: 0, handedOver: 0 };

/** The contexts tRPC made for each WebSocket (createContext records them): who is authorized, its back-pressure. */
export const wsContexts = new WeakMap<WebSocket, Context>();

/** A subscription request as tRPC's client sends it, or undefined for anything else. */
function asSubscription(message: unknown): SubscriptionRequest | undefined {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const m = message as Partial<SubscriptionRequest>;
  if (m.method !== 'subscription' || (typeof m.id !== 'string' && typeof m.id !== 'number')) return undefined;
  if (m.jsonrpc !== undefined && m.jsonrpc !== '2.0') return undefined;
  if (!m.params || typeof m.params !== 'object' || typeof m.params.path !== 'string') return undefined;
  if (m.params.lastEventId !== undefined && typeof m.params.lastEventId !== 'string') return undefined;
  return m as SubscriptionRequest;
}

/** The messages of one frame (tRPC's client batches requests made in the same tick into an array), or undefined when none can concern us. */
function messagesOf(data: RawData, isBinary: boolean): unknown[] | undefined {
  if (isBinary || !Buffer.isBuffer(data)) return undefined;
  // Cheap test first: PING/PONG, queries and mutations never mention a subscription.
  if (!data.includes('"subscription')) return undefined;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return undefined;
  }
}

/** tRPC's own merge of a reconnecting client's lastEventId into the input (its ws adapter). */
function inputOf(request: SubscriptionRequest): unknown {
  const { input, lastEventId } = request.params;
  if (lastEventId === undefined) return input;
  if (input && typeof input === 'object' && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

/**
 * Wraps tRPC's message listener of one connection: subscription requests this writer can serve are
 * served here, the rest reach tRPC. Call while tRPC registers its listener (see server.ts).
 */
export function directStreams(socket: WebSocket, log: StreamLog) {
  const running = new Map<string | number, AbortController>();
  socket.once('close', () => {
    for (const controller of running.values()) controller.abort();
    running.clear();
  });

  const send = (text: string) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
  };

  function serve(request: SubscriptionRequest): boolean {
    const procedure = streamProcedureAt(request.params.path);
    const ctx = wsContexts.get(socket);
    // No context yet (connectionParams still to come), or one tRPC will refuse: tRPC answers.
    if (!procedure || !ctx || !ctx.authorized || ctx.rateLimited || running.has(request.id)) return false;
    const parsed = procedure.schema.safeParse(inputOf(request));
    if (!parsed.success) return false;
    const release = ctx.subscriber === undefined ? () => undefined : ctx.services.subscriptions.tryClaim(ctx.subscriber);
    if (!release) return false;
    const controller = new AbortController();
    let reader: ReturnType<typeof openEvents>;
    try {
      reader = openEvents(log, procedure.streamIdOf(parsed.data), procedure.kind, parsed.data.lastEventId, controller.signal, ctx.waitForRoom);
    } catch {
      release();
      return false;
    }
    running.set(request.id, controller);
    directWsStats.served++;
    // The envelope around every event, split where the event's id and JSON go: built once per subscription.
    const head = `{"id":${JSON.stringify(request.id)},${request.jsonrpc ? '"jsonrpc":"2.0",' : ''}"result":`;
    send(`${head}{"type":"started"}}`);
    void pump(request, reader, controller.signal, head, release).finally(() => {
      release();
      if (running.get(request.id) === controller) running.delete(request.id);
    });
    return true;
  }

  async function pump(request: SubscriptionRequest, reader: ReturnType<typeof openEvents>, signal: AbortSignal, head: string, release: () => void) {
    let lastId: string | undefined;
    try {
      for await (const item of reader) {
        const id = String(item.seq);
        // A seq's id is digits: its JSON is itself in quotes.
        const idJson = `"${id}"`;
        send(`${head}{"type":"data","data":{"id":${idJson},"data":${jsonOf(item)}},"id":${idJson}}}`);
        lastId = id;
      }
      // tRPC says `stopped` after the last event, and after a client's subscription.stop too.
      send(`${head}{"type":"stopped"}}`);
    } catch {
      if (signal.aborted || socket.readyState !== WebSocket.OPEN) return;
      // Hand the rest to tRPC: it reads on from the last event we sent and reports the failure its way.
      running.delete(request.id);
      // Our slot first, so that tRPC's own claim for the same subscription is not refused at the limit.
      release();
      directWsStats.handedOver++;
      const params = { ...request.params, ...(lastId === undefined ? {} : { lastEventId: lastId }) };
      // The last listener tRPC registered is its request handler (the keep-alive comes first).
      handler(Buffer.from(JSON.stringify({ ...request, params })), false);
    }
  }

  /** Whether the message is a subscription.stop for one of ours (which it then stops). */
  function stopped(message: unknown): boolean {
    if (!message || typeof message !== 'object') return false;
    const { method, id } = message as { method?: unknown; id?: unknown };
    if (method !== 'subscription.stop' || (typeof id !== 'string' && typeof id !== 'number')) return false;
    const controller = running.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** What tRPC still gets of a frame: all of it, the rest of a batch, or nothing. */
  function decide(data: RawData, isBinary: boolean): RawData | null {
    const messages = messagesOf(data, isBinary);
    if (!messages) return data;
    const rest = messages.filter((message) => {
      const request = asSubscription(message);
      return !(request ? serve(request) : stopped(message));
    });
    if (rest.length === messages.length) return data;
    return rest.length > 0 ? Buffer.from(JSON.stringify(rest)) : null;
  }

  // tRPC registers two message listeners (its keep-alive and its handler); a frame is decided once.
  const decided = new WeakMap<object, { rest: RawData | null }>();
  let handler: MessageListener = () => undefined;

  /** tRPC's listeners, wrapped: what we serve or stop never reaches them; the rest of a batch does. */
  return function wrap(listener: MessageListener): MessageListener {
    handler = listener;
    return (data, isBinary) => {
      let decision = decided.get(data);
      if (!decision) {
        decision = { rest: decide(data, isBinary) };
        decided.set(data, decision);
      }
      if (decision.rest !== null) listener(decision.rest, isBinary);
    };
  };
}
