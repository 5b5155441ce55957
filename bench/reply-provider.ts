/**
 * The AI provider of `npm run bench`'s `reply-sse` transport: a process of its own speaking the
 * OpenAI Chat Completions streaming protocol (the only stand-in the project allows, for the outside
 * AI provider), whose every reply runs the schedule of `bench-probe` (schedule.ts): a hello delta,
 * then, once the orchestrator opens its gate, one stamped delta per interval. So a reply row
 * measures the provider's socket, the app's `openai` client, the event log and the reply stream,
 * like any reply a user gets, and the provider's CPU is not the server's.
 *
 * The schedule comes in the last user message, as the bench's client sends it:
 * `bench-reply chunks=60 intervalMs=100 warmup=10 cooldown=3 offsetMs=12.500`.
 * Clock and gate: the orchestrator's `/clock` and `/gate` (orchestrator.ts); per finished reply it
 * reports the chunks it emitted to `/stamp?emitted=` (the server's CPU per chunk counts them).
 * Run: `node --import tsx bench/reply-provider.ts` with BENCH_ORCHESTRATOR_URL; it prints its URL.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionChunks } from '../server/integration/fixtures/openai-server';
import { clockOffset, orchestratorGet } from './orchestrator';
import { Gate, HELLO, now, runSchedule, type Schedule } from './schedule';

const base = process.env.BENCH_ORCHESTRATOR_URL ?? '';

/** The schedule a `bench-reply …` message asks for, or undefined when the message is not one. */
export function scheduleOf(text: string): { schedule: Schedule; offsetMs: number } | undefined {
  if (!text.startsWith('bench-reply ')) return undefined;
  const args = new Map(text.slice('bench-reply '.length).trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
  const number = (key: string, fallback?: number) => {
    const value = args.has(key) ? Number(args.get(key)) : fallback;
    if (value === undefined || !Number.isFinite(value) || value < 0) throw new Error(`bench-reply: ${key} must be a number >= 0`);
    return value;
  };
  return {
    schedule: { chunks: number('chunks'), intervalMs: number('intervalMs'), warmup: number('warmup', 0), cooldown: number('cooldown', 0) },
    offsetMs: number('offsetMs', 0),
  };
}

function lastUserText(body: { messages?: { role: string; content?: unknown }[] }): string {
  const user = (body.messages ?? []).filter((message) => message.role === 'user').at(-1);
  return typeof user?.content === 'string' ? user.content : '';
}

async function reply(res: ServerResponse, model: string, schedule: Schedule, offsetMs: number, clock: () => number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = completionChunks(model);
  res.write(chunk({ role: 'assistant', content: HELLO }));
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const gate = new Gate();
  gate.reset();
  void orchestratorGet(base, '/gate').then(() => gate.open());
  let emitted = 0;
  // runSchedule does not throw: a client that went away just ends it early.
  await runSchedule(schedule, offsetMs, gate, (text) => (emitted++, res.write(chunk({ content: text }))), gone.signal, clock);
  // Reported before the reply ends, so that whoever sees it end knows the count is in.
  await orchestratorGet(base, `/stamp?emitted=${emitted}`).catch(() => undefined);
  if (gone.signal.aborted) return;
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

async function main(): Promise<void> {
  const { offsetMs: skew } = base ? await clockOffset(base) : { offsetMs: 0 };
  const clock = () => now() + skew;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (part: string) => (raw += part));
    req.on('end', () => {
      const fail = (status: number, message: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return fail(404, `no route ${req.method} ${req.url}`);
      try {
        const body = JSON.parse(raw) as { model?: string; messages?: { role: string; content?: unknown }[] };
        const asked = scheduleOf(lastUserText(body));
        if (!asked) return fail(400, 'the bench provider answers only "bench-reply …" messages');
        void reply(res, body.model ?? 'bench', asked.schedule, asked.offsetMs, clock).catch(() => res.destroy());
      } catch (error) {
        fail(400, (error as Error).message);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  // The orchestrator ending (its stdin closing) ends this process too.
  process.stdin.on('end', () => process.exit(0)).resume();
}

if (process.argv[1]?.endsWith('reply-provider.ts')) await main();
