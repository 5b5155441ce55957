/**
 * The stalled-readers part: what readers that stop reading cost the server (issue 18: 200 slow
 * readers of one 20 MB output took it from 107 to 367 MB). One `bench-big` output is stored, then
 * the client process opens `stalledReaders` readers of it (half SSE, half WebSocket) that stop
 * reading; once every one of them waits for its client (app.readerMemory), the server's heap and
 * RSS after a full GC are compared with before they opened, and its own counter says what they
 * hold. Then they read on, and each must get the whole output. The heap is the steadier figure:
 * RSS also keeps what the allocator and V8 took while the readers filled their sockets (it moved
 * by hundreds of KB a reader between runs on a busy machine).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type PhaseContext, settle } from './phases';
import { sseClient } from './readers';
import type { StalledReport, Results } from './report';
import { collectGarbage } from './sampler';

const MB = 1024 * 1024;

/** Waits (polling: nothing announces it) until every stalled reader waits for room, for at most `timeoutMs`. */
async function allWaiting(ctx: PhaseContext, readers: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (ctx.app.readerMemory().waiting < readers) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** RSS and heap after a full collection: what is really held, not the garbage of the last phase. */
function memory(): { rssMB: number; heapMB: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rssMB: usage.rss / MB, heapMB: usage.heapUsed / MB };
}

export async function stalledPhase(ctx: PhaseContext, results: Results): Promise<void> {
  const { app, client, sampler, opts } = ctx;
  const readers = opts.stalledReaders;
  const bytes = opts.largeBytes;
  process.stdout.write(`  stalled: ${readers} readers of ${(bytes / MB).toFixed(0)} MB that stop reading ... `);
  try {
    const sent = await sseClient(app.url).chat.send.mutate({ content: `/bench-big bytes=${bytes} chunkBytes=${64 * 1024}` });
    if (sent.type !== 'tool_execution') throw new Error('bench-big was not run as a tool');
    await settle(app);
    await sleep(200);
    const before = memory();
    sampler.start();
    const id = ctx.nextId++;
    const read = client.wait((m) => m.type === 'stalled' && m.id === id, 600_000);
    read.catch(() => undefined);
    await client.ask({ cmd: 'stalled', id, url: app.url, streamUrl: sent.streamUrl, executionId: sent.executionId, readers, timeoutMs: 300_000 }, 'ready', 120_000);
    if (!(await allWaiting(ctx, readers, 120_000))) throw new Error(`only ${app.readerMemory().waiting} of ${readers} readers came to wait for their client`);
    const held = app.readerMemory();
    const stalled = memory();
    const server = sampler.stop();
    client.send({ cmd: 'go', id, endAt: 0 });
    const answer = (await read) as Extract<Awaited<typeof read>, { type: 'stalled' }>;
    const report: StalledReport = {
      readers,
      bytes,
      rssBeforeMB: before.rssMB,
      rssStalledMB: stalled.rssMB,
      rssPeakMB: server.rssPeakMB,
      heapBeforeMB: before.heapMB,
      heapStalledMB: stalled.heapMB,
      heldChars: held.heldChars,
      queuedBytes: held.queuedBytes,
      read: answer.result,
    };
    results.stalled = report;
    const perReaderKB = (mb: number) => ((mb * 1024) / readers).toFixed(0);
    console.log(
      `heap ${before.heapMB.toFixed(0)} -> ${stalled.heapMB.toFixed(0)} MB (${perReaderKB(stalled.heapMB - before.heapMB)} KB a reader), ` +
        `RSS ${before.rssMB.toFixed(0)} -> ${stalled.rssMB.toFixed(0)} MB (${perReaderKB(stalled.rssMB - before.rssMB)} KB a reader), ` +
        `unsent ${(held.queuedBytes / readers / 1024).toFixed(0)} KB a reader; ${answer.result.complete}/${readers} read on to the end`,
    );
  } catch (error) {
    sampler.stop();
    results.stalled = { failed: (error as Error).message };
    console.log(`failed: ${(error as Error).message}`);
  }
  await settle(app);
}
