/**
 * A lean SSE reader for the benchmark's load: a plain `node:http` GET and a small parser of the
 * event-stream format (https://html.spec.whatwg.org/multipage/server-sent-events.html), instead of
 * the `eventsource` package under tRPC's httpSubscriptionLink. At 1000 streams the tRPC client kept
 * one client process 96–98% busy, so the benchmark measured itself (issue 11). Same wire format,
 * same bytes from the server; only the client's cost differs. Used for both trpc-sse and raw-sse so
 * the two stay comparable. No reconnects: a dropped stream is an error for the benchmark.
 */
import { Agent, get } from 'node:http';

export interface SseEvent {
  /** `message` when the event had no `event:` field, as EventSource reports it. */
  type: string;
  data: string;
  /** This event's own `id:` field, if it had one (what the `eventsource` package reports as lastEventId). */
  id?: string;
  /** The last `id:` seen on the stream so far (the spec's lastEventId; sticky across events). */
  lastEventId: string;
}

/**
 * Incremental parser: feed it decoded text in pieces cut anywhere (even between `\r` and `\n`),
 * it calls `onEvent` once per dispatched event. Lines end with `\n`, `\r\n` or `\r`; a line starting
 * with `:` is a comment; a blank line dispatches; an event with no `data:` line is not dispatched
 * (spec); one space after the colon is dropped; `retry:` and unknown fields are ignored.
 */
export class SseParser {
  private buffer = '';
  private data = '';
  private hasData = false;
  private eventType = '';
  private lastEventId = '';
  private eventId: string | undefined;
  /** The previous piece ended with `\r`: a `\n` at the start of the next one belongs to it. */
  private skipLf = false;
  private first = true;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  push(text: string): void {
    if (text.length === 0) return;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const buffer = this.buffer + text;
    const length = buffer.length;
    let start = 0;
    // Next \r and \n at or after `start`, searched again only once passed (-1: none left in this buffer).
    let cr = buffer.indexOf('\r');
    let lf = buffer.indexOf('\n');
    while (start < length) {
      if (cr >= 0 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf >= 0 && lf < start) lf = buffer.indexOf('\n', start);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        end = cr;
        if (cr + 1 < length) next = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        else {
          next = cr + 1;
          this.skipLf = true;
        }
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else break;
      this.line(buffer, start, end);
      start = next;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
  }

  private line(buffer: string, start: number, end: number): void {
    if (start === end) return this.dispatch();
    if (buffer.charCodeAt(start) === 58 /* : */) return; // comment
    const colon = buffer.indexOf(':', start);
    let field: string;
    let value: string;
    if (colon < 0 || colon >= end) {
      field = buffer.slice(start, end);
      value = '';
    } else {
      field = buffer.slice(start, colon);
      const from = buffer.charCodeAt(colon + 1) === 32 && colon + 1 < end ? colon + 2 : colon + 1;
      value = buffer.slice(from, end);
    }
    switch (field) {
      case 'data':
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = this.eventId = value;
        break;
      default:
      // retry and unknown fields: nothing to do for the benchmark.
    }
  }

  private dispatch(): void {
    const type = this.eventType || 'message';
    const id = this.eventId;
    this.eventType = '';
    this.eventId = undefined;
    if (!this.hasData) return;
    const data = this.data;
    this.data = '';
    this.hasData = false;
    this.onEvent(id === undefined ? { type, data, lastEventId: this.lastEventId } : { type, data, id, lastEventId: this.lastEventId });
  }
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** The response ended (the server closed the stream). */
  onEnd?(): void;
  onError(message: string): void;
}

/** One agent for every lean stream: no socket limit, no keep-alive pool (each stream holds its socket). */
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** GETs `url` as an event stream and feeds every event to `handlers`. `close()` ends it without an error. */
export function openSse(url: string, handlers: SseHandlers): { close(): void } {
  const parser = new SseParser(handlers.onEvent);
  let closed = false;
  const req = get(url, { agent, headers: { accept: 'text/event-stream', 'cache-control': 'no-store' } }, (res) => {
    if (res.statusCode !== 200) {
      handlers.onError(`SSE GET: HTTP ${res.statusCode}`);
      res.resume();
      return;
    }
    // Decodes UTF-8 across chunk boundaries (a character cut in two waits for its other half).
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => parser.push(chunk));
    res.on('end', () => closed || handlers.onEnd?.());
    res.on('error', (error) => closed || handlers.onError(`SSE: ${error.message}`));
  });
  req.on('error', (error) => closed || handlers.onError(`SSE GET: ${error.message}`));
  return {
    close() {
      closed = true;
      req.destroy();
    },
  };
}
