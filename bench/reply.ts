/**
 * The reply part of `npm run bench` (also alone: `npx tsx bench/reply.ts [streams=1,10,100]
 * [chunks=50] [intervalMs=50]`): AI reply latency, from
 * the provider writing a delta to a tRPC SSE client receiving it as `reply_delta`, with N replies
 * streaming at once. The provider is the integration tests' scripted OpenAI server (a real HTTP
 * server); the app is the real one (startApp, port 0, its own data dir). Everything runs in this
 * one process (one clock), so the numbers include the client's parsing on the server's loop: an
 * upper bound. Nothing is judged; the numbers are printed.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApp } from '../server/app';
import { ConfigSchema } from '../server/config/schema';
import type { AppRouter } from '../server/routers/_app';
import { gate, startFakeOpenAI, type Gate, type Step } from '../server/integration/fixtures/openai-server';

export interface ReplyReport {
  streams: number;
  deltas: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** N replies streaming at once, `chunks` deltas each, one every `intervalMs` (released in step by gates). */
export async function replyLatency(streams: number, chunks = 50, intervalMs = 50): Promise<ReplyReport> {
  const fake = await startFakeOpenAI();
  const dataDir = mkdtempSync(join(tmpdir(), 'fragments-bench-reply-'));
  const app = await startApp({ config: ConfigSchema.parse({ ai: { baseUrl: `${fake.url}/v1`, apiKey: 'k', model: 'bench' } }), dataDir, log: () => undefined });
  const client = createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: httpSubscriptionLink({ url: `${app.url}/trpc`, EventSource }), false: httpBatchLink({ url: `${app.url}/trpc` }) })],
  });
  // Tick k releases the k-th delta of every reply, so all replies stream in step.
  const ticks: Gate[] = Array.from({ length: chunks }, () => gate());
  const steps: Step[] = ticks.flatMap((tick) => [{ wait: tick }, { text: () => `<${performance.now()}>` }]);
  for (let i = 0; i < streams; i++) fake.script({ steps: [...steps, { finish: 'stop' }] });

  const latencies: number[] = [];
  let lost = 0;
  const replies = await Promise.all(
    Array.from({ length: streams }, async () => {
      const sent = await client.chat.send.mutate({ content: 'bench' });
      if (sent.type !== 'chat') throw new Error('not a chat message');
      return sent.messageId;
    }),
  );
  const ended = replies.map(
    (messageId) =>
      new Promise<void>((resolve, reject) => {
        let seen = 0;
        const sub = client.chat.streamReply.subscribe(
          { messageId },
          {
            onData({ data }) {
              if (data.type === 'reply_delta') {
                const at = performance.now();
                for (const match of data.content.matchAll(/<([\d.]+)>/g)) (latencies.push(at - Number(match[1])), seen++);
              }
              if (data.type === 'done') {
                lost += chunks - seen;
                sub.unsubscribe();
                resolve();
              }
            },
            onError: reject,
          },
        );
      }),
  );
  for (const tick of ticks) {
    tick.release();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await Promise.all(ended);
  await app.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
  const sorted = latencies.sort((a, b) => a - b);
  return { streams, deltas: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, lost };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [streamsArg = '1,10,100', chunksArg = '50', intervalArg = '50'] = process.argv.slice(2);
  console.log(`AI reply deltas: provider writes → tRPC SSE client receives (ms), ${chunksArg} deltas per reply every ${intervalArg} ms\n`);
  console.log('| replies at once | deltas | p50 | p99 | max | lost |\n| --- | --- | --- | --- | --- | --- |');
  for (const streams of streamsArg.split(',').map(Number)) {
    const r = await replyLatency(streams, Number(chunksArg), Number(intervalArg));
    console.log(`| ${r.streams} | ${r.deltas} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.lost} |`);
  }
}
