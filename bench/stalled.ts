/**
 * Client side of the stalled-readers phase: many readers of one finished output that stop reading
 * (their sockets paused, so TCP back-pressure reaches the server), held until the orchestrator has
 * measured the server, then read to the end. Half read SSE over node:http, half a WebSocket.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { StalledRead } from './protocol';

interface Stalled {
  /** Reads on to `done`; resolves with the output characters received. */
  resume(): Promise<number>;
  close(): void;
}

/** Output characters in one tRPC event's JSON (tool_output only), without a full parse of 64 KiB events. */
function outputChars(json: string): number {
  if (!json.startsWith('{"type":"tool_output"')) return 0;
  const event = JSON.parse(json) as { content: string };
  return event.content.length;
}

async function stalledSse(streamUrl: string): Promise<Stalled> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    request(streamUrl, { headers: { accept: 'text/event-stream' } }, resolve).on('error', reject).end();
  });
  res.pause();
  (res.socket as Socket).pause();
  return {
    resume: () =>
      new Promise((resolve, reject) => {
        let chars = 0;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            // tRPC's frames end with one blank line more than SSE needs: a block may start with it.
            const block = buffer.slice(0, end).replace(/^\n+/, '');
            buffer = buffer.slice(end + 2);
            if (!block.startsWith('data: ')) continue;
            const json = block.slice('data: '.length, block.indexOf('\n') < 0 ? undefined : block.indexOf('\n'));
            if (json.startsWith('{"type":"done"')) {
              res.destroy();
              return resolve(chars);
            }
            chars += outputChars(json);
          }
        });
        res.on('error', reject);
        (res.socket as Socket).resume();
        res.resume();
      }),
    close: () => res.destroy(),
  };
}

async function stalledWs(url: string, executionId: string): Promise<Stalled> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let chars = 0;
  let finished!: (chars: number) => void;
  const ended = new Promise<number>((resolve) => (finished = resolve));
  socket.on('message', (raw: Buffer) => {
    const text = raw.toString();
    if (text === 'PING') return void socket.send('PONG');
    const message = JSON.parse(text) as { result?: { type: string; data?: { data?: { type: string; content?: string } } } };
    const event = message.result?.data?.data;
    if (event?.type === 'tool_output') chars += event.content?.length ?? 0;
    if (event?.type === 'done') finished(chars);
  });
  socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'chat.streamTool', input: { executionId } } }));
  const raw = (socket as unknown as { _socket: Socket })._socket;
  raw.pause();
  return {
    resume: async () => {
      raw.resume();
      const got = await ended;
      socket.close();
      return got;
    },
    close: () => socket.terminate(),
  };
}

/** Opens `readers` stalled readers (SSE first, then WebSocket, alternating), and returns how to read them on. */
export async function openStalled(msg: { url: string; streamUrl: string; executionId: string; readers: number }): Promise<{ sse: number; ws: number; readOn(timeoutMs: number): Promise<StalledRead> }> {
  const opened: Stalled[] = [];
  let sse = 0;
  for (let i = 0; i < msg.readers; i++) {
    if (i % 2 === 0) {
      opened.push(await stalledSse(msg.streamUrl));
      sse++;
    } else opened.push(await stalledWs(msg.url, msg.executionId));
  }
  return {
    sse,
    ws: msg.readers - sse,
    async readOn(timeoutMs) {
      const started = performance.now();
      const got: number[] = [];
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      const all = Promise.all(opened.map((reader) => reader.resume().then((chars) => void got.push(chars))));
      await Promise.race([all, timeout]);
      clearTimeout(timer);
      for (const reader of opened) reader.close();
      return { readers: opened.length, complete: got.length, minChars: got.length === opened.length ? Math.min(...got) : 0, ms: performance.now() - started };
    },
  };
}
