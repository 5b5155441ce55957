/**
 * Issue 18 item 1: a full disk. The data dir lives on a small tmpfs (CI runs as root, so the test
 * mounts one; without root it fails and says so, it never skips). A tool whose output cannot be
 * stored must not end the process: its readers get STORAGE_FULL and done, the server keeps
 * answering and refuses new work with the same words while the disk is full, and once space is
 * freed it takes work again by itself, with everything stored before still there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { aiConfigFor, say, startFakeOpenAI, type FakeOpenAI } from './fixtures/openai-server';
import { collect, outputOf, sseClient, startTestApp, typesOf, type Client, type TestApp } from './harness';
import { collectReply, errorOf, replyTypes } from './replyStream';

const MOUNT_BYTES = 12 * 1024 * 1024;
/** What the filler leaves free: far less than the run's output (about 2 MB as stored JSON). */
const LEFT_FREE = 600 * 1024;

function mountTmpfs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_BYTES}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    throw new Error(`this test needs a small tmpfs to fill (run as root, as CI does): mount said ${mounted.stderr.trim() || mounted.error?.message}`);
  }
  return dir;
}

const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/** A data dir on a tmpfs of its own, a filler that leaves it LEFT_FREE, and the way to remove both. */
function smallDisk() {
  const mount = mountTmpfs();
  const dataDir = join(mount, 'data');
  mkdirSync(dataDir);
  const filler = join(mount, 'filler');
  return {
    dataDir,
    fill: () => writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(mount) - LEFT_FREE))),
    free: () => rmSync(filler),
    remove: () => {
      spawnSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    },
  };
}

describe('a full disk', () => {
  let disk: ReturnType<typeof smallDisk>;
  let dataDir: string;
  let app: TestApp;
  let client: Client;
  const logged: string[] = [];

  before(async () => {
    disk = smallDisk();
    dataDir = disk.dataDir;
    app = await startTestApp({ dataDir, log: (line) => logged.push(line) });
    client = sseClient(app.url);
  });
  after(async () => {
    await app?.stop();
    disk?.remove();
  });

  async function run(command: string) {
    const sent = await client.chat.send.mutate({ content: command });
    if (sent.type !== 'tool_execution') throw new Error('not a command');
    return { sent, events: await collect(client, sent.executionId) };
  }

  async function refusal(command: string): Promise<TRPCClientError<never>> {
    try {
      await client.chat.send.mutate({ content: command });
    } catch (error) {
      if (error instanceof TRPCClientError) return error as TRPCClientError<never>;
      throw error;
    }
    throw new Error(`${command} was accepted on a full disk`);
  }

  it('ends a run whose output cannot be stored with STORAGE_FULL, refuses new work, and recovers once space is freed', async () => {
    const before = await run('/echo text="stored before"');
    assert.equal(outputOf(before.events), 'stored before');

    // Fill the disk, leaving a little room: the run's output outgrows it.
    disk.fill();
    const { sent: cutOff, events } = await run('/count to=300000 intervalMs=0');
    const types = typesOf(events);
    assert.equal(types.at(-1), 'done', 'the reader got done');
    const error = events.find((e) => e.data.type === 'tool_error')?.data;
    assert.ok(error && error.type === 'tool_error', `a tool_error, got ${types.slice(-3).join(', ')}`);
    assert.equal(error.error.code, 'STORAGE_FULL');
    assert.equal(error.error.recoverable, true);
    assert.ok(error.error.message.includes(app.dataDir), `the message names the data dir: ${error.error.message}`);

    // The process is alive and says what is wrong; new work is refused with the same words.
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { storage: { state: string; code: string } };
    assert.equal(health.storage.state, 'failing');
    const refused = await refusal('/echo text="while full"');
    assert.equal((refused.data as { code?: string } | undefined)?.code, 'SERVICE_UNAVAILABLE');
    assert.match(refused.message, /STORAGE_FULL|is full/);
    assert.ok(refused.message.includes(app.dataDir));
    // Reads still work, and what was stored before is there.
    const stored = await client.fragments.list.query({ conversationId: before.sent.conversationId });
    assert.ok(stored.some((f) => f.role === 'tool' && f.content === 'stored before'));

    // Free the space: the next command runs, with no restart.
    disk.free();
    const afterwards = await run('/echo text="after the disk was freed"');
    assert.equal(outputOf(afterwards.events), 'after the disk was freed');
    assert.equal(((await (await fetch(`${app.url}/healthz`)).json()) as { storage: { state: string } }).storage.state, 'ok');
    // The cut-off run's end was written once there was room: a reader now gets it from the store too.
    const replayed = typesOf(await collect(client, cutOff.executionId));
    assert.deepEqual(replayed.slice(-2), ['tool_error', 'done']);
    const [record] = await client.executions.list.query({ conversationId: cutOff.conversationId });
    assert.equal(record?.status, 'failed', 'its record says how it ended, so a restart will not call it interrupted');
    assert.doesNotMatch(logged.join('\n'), /SqliteError/);

    // Its end was stored, so a restart leaves it as it is: STORAGE_FULL, not SERVER_RESTARTED.
    await app.stop(false);
    app = await startTestApp({ dataDir, log: (line) => logged.push(line) });
    client = sseClient(app.url);
    const restarted = (await collect(client, cutOff.executionId)).map((e) => e.data);
    const end = restarted.find((e) => e.type === 'tool_error');
    assert.equal(end?.type === 'tool_error' && end.error.code, 'STORAGE_FULL', 'after a restart the run still names the disk');
    assert.equal(restarted.filter((e) => e.type === 'tool_error').length, 1);
    assert.equal((await client.executions.list.query({ conversationId: cutOff.conversationId }))[0]?.status, 'failed');
    assert.ok((await client.fragments.list.query({ conversationId: before.sent.conversationId })).some((f) => f.content === 'stored before'));
  });
});

describe('a restart while the disk is still full', () => {
  let disk: ReturnType<typeof smallDisk> | undefined;
  let app: TestApp | undefined;
  after(async () => {
    await app?.stop();
    disk?.remove();
  });

  it('starts, ends the cut-off run with STORAGE_FULL (not SERVER_RESTARTED), and stores that once space is freed', async () => {
    disk = smallDisk();
    const { dataDir } = disk;
    const logged: string[] = [];
    app = await startTestApp({ dataDir, log: (line) => logged.push(line) });
    let client = sseClient(app.url);
    disk.fill();
    const sent = await client.chat.send.mutate({ content: '/count to=300000 intervalMs=0' });
    if (sent.type !== 'tool_execution') throw new Error('not a command');
    assert.equal(typesOf(await collect(client, sent.executionId)).at(-1), 'done');
    // Stopped while full: the run's end and record were never written.
    await app.stop(false);

    app = await startTestApp({ dataDir, log: (line) => logged.push(line) });
    client = sseClient(app.url);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { storage: { state: string } };
    assert.equal(health.storage.state, 'failing', 'start-up found the disk full and says so');
    // Closing the left-over run could not be stored either: its readers are told the real cause.
    const events = (await collect(client, sent.executionId)).map((e) => e.data);
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['tool_error', 'done']);
    const end = events.at(-2);
    assert.equal(end?.type === 'tool_error' && end.error.code, 'STORAGE_FULL');
    await assert.rejects(client.chat.send.mutate({ content: '/echo text="while full"' }), (error: Error) => error.message.includes(dataDir));

    disk.free();
    const afterwards = await client.chat.send.mutate({ content: '/echo text="after"' });
    assert.equal(afterwards.type, 'tool_execution');
    // The end it was told is the end that was stored.
    const stored = (await collect(client, sent.executionId)).map((e) => e.data);
    assert.deepEqual(stored.slice(-2), events.slice(-2));
    assert.equal((await client.executions.list.query({ conversationId: sent.conversationId }))[0]?.status, 'failed');
    assert.doesNotMatch(logged.join('\n'), /SqliteError/);
  });
});

describe('an approval while the disk is full', () => {
  let disk: ReturnType<typeof smallDisk> | undefined;
  let app: TestApp | undefined;
  after(async () => {
    await app?.stop();
    disk?.remove();
  });

  it('is refused with STORAGE_FULL and the run keeps waiting; once space is freed it is approved and runs', async () => {
    disk = smallDisk();
    const { dataDir } = disk;
    app = await startTestApp({ dataDir, config: { approvals: { tools: { echo: 'ask' } } } });
    const client = sseClient(app.url);
    const waiting = await client.chat.send.mutate({ content: '/echo text="approved later"' });
    if (waiting.type !== 'tool_execution') throw new Error('not a command');
    assert.equal((await client.executions.get.query({ executionId: waiting.executionId })).status, 'awaiting_approval');

    disk.fill();
    const big = await client.chat.send.mutate({ content: '/count to=300000 intervalMs=0' });
    if (big.type !== 'tool_execution') throw new Error('not a command');
    assert.equal(typesOf(await collect(client, big.executionId)).at(-1), 'done');

    await assert.rejects(client.executions.approve.mutate({ executionId: waiting.executionId, approved: true }), (error: Error) => {
      assert.match(error.message, /is full/);
      assert.ok(error.message.includes(dataDir), error.message);
      return true;
    });
    assert.equal((await client.executions.get.query({ executionId: waiting.executionId })).status, 'awaiting_approval', 'the refused approval changed nothing');

    disk.free();
    await client.executions.approve.mutate({ executionId: waiting.executionId, approved: true });
    assert.equal(outputOf(await collect(client, waiting.executionId)), 'approved later');
  });
});

describe('an AI reply on a full disk', () => {
  let disk: ReturnType<typeof smallDisk> | undefined;
  let fake: FakeOpenAI | undefined;
  let app: TestApp | undefined;
  after(async () => {
    await app?.stop();
    await fake?.close();
    disk?.remove();
  });

  it('ends with reply_error STORAGE_FULL and done, and a reply after the space is freed is stored', async () => {
    disk = smallDisk();
    const { dataDir } = disk;
    fake = await startFakeOpenAI();
    app = await startTestApp({ dataDir, config: { ai: aiConfigFor(fake) } });
    const client = sseClient(app.url);
    disk.fill();

    // About 2 MB of deltas: more than the disk has left.
    fake.script({ steps: say('word '.repeat(400_000), 400) });
    const sent = await client.chat.send.mutate({ content: 'write a lot' });
    if (sent.type !== 'chat') throw new Error('not a chat message');
    const events = await collectReply(client, sent.messageId);
    assert.equal(replyTypes(events).at(-1), 'done');
    const error = errorOf(events);
    assert.equal(error?.code, 'STORAGE_FULL');
    assert.ok(error?.message.includes(dataDir), error?.message);

    disk.free();
    fake.script({ steps: say('short answer') });
    const later = await client.chat.send.mutate({ content: 'and now?', conversationId: sent.conversationId });
    if (later.type !== 'chat') throw new Error('not a chat message');
    assert.deepEqual(replyTypes(await collectReply(client, later.messageId)).slice(-2), ['reply_complete', 'done']);
    const fragments = await client.fragments.list.query({ conversationId: sent.conversationId });
    assert.ok(fragments.some((f) => f.role === 'assistant' && f.content === 'short answer'));
    assert.ok(fragments.some((f) => f.role === 'user' && f.content === 'write a lot'), 'what was stored before is kept');
  });
});
