/**
 * `npx tsx bench/reply.ts [streams=1,10,100] [chunks=50] [intervalMs=50]`: AI reply latency, from
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
import { startApp } from '../server/app';
import { ConfigSchema } from '../server/config/schema';
import type { AppRouter } from '../server/routers/_app';
import { gate, startFakeOpenAI, type Gate, type Step } from '../server/integration/fixtures/openai-server';

const [streamsArg = '1,10,100', chunksArg = '50', intervalArg = '50'] = process.argv.slice(2);
const levels = streamsArg.split(',').map(Number);
const chunks = Number(chunksArg);
const intervalMs = Number(intervalArg);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function level(streams: number): Promise<string> {
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
  return `| ${streams} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${(sorted.at(-1) ?? NaN).toFixed(1)} | ${lost} |`;
}

console.log(`AI reply deltas: provider writes → tRPC SSE client receives (ms), ${chunks} deltas per reply every ${intervalMs} ms\n`);
console.log('| replies at once | deltas | p50 | p99 | max | lost |\n| --- | --- | --- | --- | --- | --- |');
for (const streams of levels) console.log(await level(streams));
