import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import { describe, it } from 'node:test';
import type { ToolEvent } from '../../shared/events';
import { requestError } from './contract';
import { createGates } from './gate';
import { collect, outputOf, sseClient, startTestApp, typesOf, wsClient, type Client, type Tracked } from './harness';

/** A refusal as the client sees it: the tRPC code and a message naming the limit, its value and its key. */
function refusedWith(code: string, appCode: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TRPCClientError, `expected a TRPCClientError, got ${String(error)}`);
    const data = requestError(error);
    assert.equal(data.code, code);
    assert.equal(data.appCode, appCode);
    assert.match(error.message, message);
    return true;
  };
}

async function run(client: Client, content: string): Promise<string> {
  const sent = await client.chat.send.mutate({ content });
  if (sent.type !== 'tool_execution') throw new Error(`${content} is not a tool command`);
  return sent.executionId;
}

const fragmentCount = async (client: Client) => (await client.fragments.list.query({ limit: 1000 })).length;

describe('limits: each refused with its own code and a message naming it; nothing stored', () => {
  it('limits.messageChars: a longer message is PAYLOAD_TOO_LARGE (MESSAGE_TOO_LARGE), text or command', async () => {
    const app = await startTestApp({ config: { limits: { messageChars: 50 } } });
    try {
      const client = sseClient(app.url);
      const refusal = refusedWith('PAYLOAD_TOO_LARGE', 'MESSAGE_TOO_LARGE', /^the message is 51 characters; the limit is 50 \(limits\.messageChars in fragments\.config\.json\)$/);
      await assert.rejects(client.chat.send.mutate({ content: 'x'.repeat(51) }), refusal);
      await assert.rejects(client.chat.send.mutate({ content: `/echo text=${'y'.repeat(40)}` }), refusal);
      assert.equal(await fragmentCount(client), 0);
      assert.deepEqual(await client.conversations.list.query(), []);
      // At the limit it goes through.
      await run(client, `/echo text=${'z'.repeat(39)}`);
    } finally {
      await app.stop();
    }
  });

  it('limits.argumentChars: arguments longer as JSON are PAYLOAD_TOO_LARGE (ARGUMENTS_TOO_LARGE)', async () => {
    const app = await startTestApp({ config: { limits: { argumentChars: 40 } } });
    try {
      const client = sseClient(app.url);
      // {"text":"aaa…"} is 11 characters around the text.
      await assert.rejects(
        client.chat.send.mutate({ content: `/echo text=${'a'.repeat(30)}` }),
        refusedWith('PAYLOAD_TOO_LARGE', 'ARGUMENTS_TOO_LARGE', /^the arguments are 41 characters as JSON; the limit is 40 \(limits\.argumentChars in fragments\.config\.json\)$/),
      );
      assert.equal(await fragmentCount(client), 0);
      const ok = await collect(client, await run(client, `/echo text=${'a'.repeat(29)}`));
      assert.equal(typesOf(ok).at(-1), 'done');
    } finally {
      await app.stop();
    }
  });

  it('queue.maxQueued: one more is TOO_MANY_REQUESTS (QUEUE_FULL), naming the key and its value', async () => {
    const gates = createGates();
    const app = await startTestApp({ config: { queue: { concurrency: 1, maxQueued: 0 } }, extraTools: [gates.tool] });
    try {
      const client = sseClient(app.url);
      const held = await run(client, '/hold name=queue');
      const before = await fragmentCount(client);
      await assert.rejects(
        client.chat.send.mutate({ content: '/echo text=more' }),
        refusedWith('TOO_MANY_REQUESTS', 'QUEUE_FULL', /^the tool queue is full; wait for running tools to finish or raise queue\.maxQueued \(0 may wait in fragments\.config\.json\)$/),
      );
      assert.equal(await fragmentCount(client), before);
      gates.release('queue');
      assert.equal(typesOf(await collect(client, held)).at(-1), 'done');
    } finally {
      await app.stop();
    }
  });
});

describe('limits.subscriptionsPerClient', () => {
  const TOO_MANY = refusedWith(
    'TOO_MANY_REQUESTS',
    'TOO_MANY_SUBSCRIPTIONS',
    /^this client already has 2 live subscriptions; the limit is 2 \(limits\.subscriptionsPerClient in fragments\.config\.json\)/,
  );

  /** Subscribes and resolves `open` once the first event arrived (the slot is taken), `all` at done. */
  function hold(client: Client, executionId: string) {
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const all = collect(client, executionId, { onEvent: () => opened() });
    return { open, all };
  }

  for (const transport of ['WebSocket (per connection)', 'SSE (per client address)'] as const) {
    it(`${transport}: one more is refused with TOO_MANY_REQUESTS; the open ones and other clients' streams go on`, async () => {
      const gates = createGates();
      const app = await startTestApp({ config: { limits: { subscriptionsPerClient: 2 } }, extraTools: [gates.tool] });
      const ws = wsClient(app.url);
      const other = wsClient(app.url);
      try {
        const sender = sseClient(app.url);
        const client = transport.startsWith('WebSocket') ? ws.client : sender;
        const a = await run(sender, '/hold name=sub-a');
        const b = await run(sender, '/hold name=sub-b');
        const c = await run(sender, '/hold name=sub-c');
        const first = hold(client, a);
        const second = hold(client, b);
        await Promise.all([first.open, second.open]);

        await assert.rejects(collect(client, c), TOO_MANY);

        // Another client (its own WebSocket) streams a live run to the end meanwhile.
        const elsewhere = hold(other.client, c);
        await elsewhere.open;
        gates.release('sub-c');
        assert.deepEqual(outputOf(await elsewhere.all), 'holding sub-c\nreleased sub-c');

        // The two open subscriptions were not touched: each gets its whole stream.
        gates.release('sub-a');
        gates.release('sub-b');
        for (const [name, sub] of [['sub-a', first], ['sub-b', second]] as const) {
          const events: Tracked[] = await sub.all;
          assert.equal(outputOf(events), `holding ${name}\nreleased ${name}`);
          assert.equal(typesOf(events).at(-1), 'done');
        }
        // Their slots are free again.
        assert.equal(typesOf(await collect(client, c)).at(-1), 'done');
      } finally {
        await ws.close();
        await other.close();
        await app.stop();
      }
    });
  }
});

describe('limits.outputKeptChars', () => {
  it('keeps exactly the first and the last half of the output and one marker with how much was cut; outputChars is the true total', async () => {
    const app = await startTestApp({ config: { limits: { outputKeptChars: 1000 } } });
    try {
      const client = sseClient(app.url);
      const id = await run(client, '/count to=2000 intervalMs=0');
      const events = await collect(client, id);
      const full = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('');
      assert.equal(outputOf(events), full.slice(0, 500) + full.slice(-500));
      const logs = events.flatMap((e) => (e.data.type === 'tool_output' && e.data.stream === 'log' ? [e.data.content] : []));
      assert.equal(logs.length, 1);
      assert.match(
        logs[0] ?? '',
        new RegExp(`^\\n… ${full.length - 1000} characters cut: the output passed limits\\.outputKeptChars \\(1000\\); the first 500 and the last 500 are kept …\\n$`),
      );
      // The marker sits between the head and the tail.
      const outputs = events.filter((e): e is Tracked & { data: Extract<ToolEvent, { type: 'tool_output' }> } => e.data.type === 'tool_output');
      const marker = outputs.findIndex((e) => e.data.stream === 'log');
      assert.equal(outputs.slice(0, marker).map((e) => e.data.content).join(''), full.slice(0, 500));
      const complete = events.find((e) => e.data.type === 'tool_complete')?.data;
      assert.ok(complete?.type === 'tool_complete');
      assert.equal(complete.result.outputChars, full.length);
      assert.equal(typesOf(events).filter((t) => t === 'tool_progress').length, 2000, 'every progress notification is kept');
      // Replayed from SQLite: the same.
      assert.deepEqual(await collect(client, id), events);
    } finally {
      await app.stop();
    }
  });
});
