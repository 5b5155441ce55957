import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import { toolEvent } from './contract';
import { eventually } from './gate';
import {
  collect,
  edgeStdio,
  everythingStdio,
  outputOf,
  sseClient,
  startEdgeHttp,
  startEverythingHttp,
  startTestApp,
  typesOf,
  wsClient,
  type Client,
  type TestApp,
} from './harness';

/** Issue 2 end to end: a real server, real MCP servers over stdio and Streamable HTTP, real tRPC clients. */
describe('the core pipeline', () => {
  let app: TestApp;
  let sse: Client;
  let ws: ReturnType<typeof wsClient>;
  let everythingHttp: Awaited<ReturnType<typeof startEverythingHttp>>;
  let edgeHttp: Awaited<ReturnType<typeof startEdgeHttp>>;

  before(async () => {
    [everythingHttp, edgeHttp] = await Promise.all([startEverythingHttp(), startEdgeHttp()]);
    app = await startTestApp({
      config: {
        mcpServers: {
          everything: everythingStdio(),
          remote: { url: everythingHttp.url },
          edge: edgeStdio(),
          edgehttp: { url: edgeHttp.url },
        },
      },
    });
    sse = sseClient(app.url);
    ws = wsClient(app.url);
  });
  after(async () => {
    await ws.close();
    await app.stop();
    everythingHttp.kill();
    edgeHttp.kill();
  });

  it('lists builtin tools and every tool of every configured MCP server as <server>.<tool>', async () => {
    const tools = await sse.tools.list.query();
    const names = tools.map((tool) => tool.name);
    for (const name of ['echo', 'count', 'everything.echo', 'everything.get-sum', 'remote.echo', 'remote.trigger-long-running-operation', 'edge.slow', 'edgehttp.big']) {
      assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
    }
    const remoteEcho = tools.find((tool) => tool.name === 'remote.echo');
    assert.deepEqual(remoteEcho?.source, { kind: 'mcp', server: 'remote', transport: 'http' });
    assert.equal((remoteEcho?.inputSchema as { type?: string }).type, 'object');
    assert.deepEqual(tools.find((tool) => tool.name === 'echo')?.source, { kind: 'builtin' });
  });

  it('follows a server that adds a tool while it runs (tools/list_changed)', async () => {
    const sent = await sse.chat.send.mutate({ content: '/edge.add-tool' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(sse, sent.executionId);
    // The list_changed notification is followed by a tools/list of our own: no event tells the test when.
    const listed = async () => (await sse.tools.list.query()).some((tool) => tool.name === 'edge.late');
    assert.ok(await eventually(listed), 'edge.late is listed');
    const late = await sse.chat.send.mutate({ content: '/edge.late' });
    if (late.type !== 'tool_execution') return assert.fail('not a tool execution');
    assert.equal(outputOf(await collect(sse, late.executionId)), 'late tool ran');
  });

  for (const [label, content] of [
    ['a JSON object', '/everything.echo {"message": "hi"}'],
    ['key=value', '/everything.echo message=hi'],
    ['over Streamable HTTP', '/remote.echo message="hi"'],
  ] as const) {
    it(`runs ${label} and streams output, tool_complete and done, each with a tracked id`, async () => {
      const sent = await sse.chat.send.mutate({ content });
      assert.equal(sent.type, 'tool_execution');
      if (sent.type !== 'tool_execution') return;
      assert.match(sent.streamUrl, /^http:\/\/127\.0\.0\.1:\d+\/trpc\/chat\.streamTool\?input=/);
      const events = await collect(sse, sent.executionId);
      assert.deepEqual(typesOf(events), ['tool_started', 'tool_output', 'tool_complete', 'done']);
      assert.equal(outputOf(events), 'Echo: hi');
      const ids = events.map((event) => Number(event.id));
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      assert.equal(new Set(ids).size, ids.length);
      const complete = events[2]?.data;
      assert.ok(complete?.type === 'tool_complete' && complete.result.success);
      assert.deepEqual(complete.result.parameters, { message: 'hi' });
    });
  }

  it('streams the same events over WebSocket', async () => {
    const sent = await ws.client.chat.send.mutate({ content: '/everything.get-sum a=2 b=3' });
    assert.equal(sent.type, 'tool_execution');
    if (sent.type !== 'tool_execution') return;
    const overWs = await collect(ws.client, sent.executionId);
    const overSse = await collect(sse, sent.executionId);
    assert.deepEqual(overWs, overSse);
    assert.match(outputOf(overWs), /5/);
  });

  it('delivers MCP progress live, while the tool is still running', async () => {
    const sent = await sse.chat.send.mutate({ content: '/remote.trigger-long-running-operation duration=1 steps=3' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    let statusAtFirstProgress: string | undefined;
    const events = await collect(sse, sent.executionId, {
      onEvent: (event) => {
        if (event.data.type === 'tool_progress' && statusAtFirstProgress === undefined) {
          statusAtFirstProgress = 'pending';
          void sse.executions.get.query({ executionId: sent.executionId }).then((execution) => (statusAtFirstProgress = execution.status));
        }
      },
    });
    const progress = events.filter((event) => event.data.type === 'tool_progress').map((event) => event.data);
    assert.deepEqual(progress, [1, 2, 3].map((progress) => ({ type: 'tool_progress', progress, total: 3 })));
    assert.equal(statusAtFirstProgress, 'running');
    assert.deepEqual(typesOf(events).slice(-2), ['tool_complete', 'done']);
  });

  it('delivers MCP progress with messages from a stdio server and log notifications as log output', async () => {
    const slow = await sse.chat.send.mutate({ content: '/edge.slow steps=2 stepMs=10' });
    const chatty = await sse.chat.send.mutate({ content: '/edge.chatty lines=3' });
    if (slow.type !== 'tool_execution' || chatty.type !== 'tool_execution') return assert.fail('not tool executions');
    const slowEvents = await collect(sse, slow.executionId);
    const messages = slowEvents.filter((e) => e.data.type === 'tool_progress').map((e) => e.data.type === 'tool_progress' && e.data.message);
    // Every progress arrives, the last one too (regression: the SDK dropped a progress sent right
    // before the result, and the event log used to replace unseen progress with the next one).
    assert.deepEqual(messages, ['step 1', 'step 2']);
    const logs = (await collect(sse, chatty.executionId)).filter((e) => e.data.type === 'tool_output' && e.data.stream === 'log');
    const logText = logs.map((e) => (e.data.type === 'tool_output' ? e.data.content : '')).join('');
    assert.match(logText, /\[info\] edge: log line 1\n[^]*log line 3/);
  });

  it('keeps the command and the run as fragments with the run metadata', async () => {
    const sent = await sse.chat.send.mutate({ content: '/count to=3 intervalMs=1' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    await collect(sse, sent.executionId);
    const fragments = await sse.fragments.list.query({ conversationId: sent.conversationId });
    assert.equal(fragments.length, 2);
    const [command, run] = fragments;
    assert.equal(command?.id, sent.userFragmentId);
    assert.equal(command?.role, 'user');
    assert.equal(command?.content, '/count to=3 intervalMs=1');
    assert.equal(run?.role, 'tool');
    assert.equal(run?.content, '1\n2\n3\n');
    assert.equal(run?.conversationId, sent.conversationId);
    assert.equal(run?.sessionId, sent.sessionId);
    const meta = run?.metadata ?? {};
    assert.equal(meta.type, 'tool_execution');
    assert.equal(meta.tool, 'count');
    assert.deepEqual(meta.parameters, { to: 3, intervalMs: 1 });
    assert.equal(meta.success, true);
    assert.ok(typeof meta.execution_time === 'number' && meta.execution_time >= 0);
  });

  it('keeps a conversation and session across messages', async () => {
    const first = await sse.chat.send.mutate({ content: '/echo text=one', sessionId: 'browser-tab-1' });
    const second = await sse.chat.send.mutate({ content: 'just text', conversationId: first.conversationId, sessionId: 'browser-tab-1' });
    assert.equal(second.type, 'chat');
    assert.equal(second.conversationId, first.conversationId);
    assert.equal(second.sessionId, 'browser-tab-1');
    const texts = (await sse.fragments.list.query({ conversationId: first.conversationId, role: 'user' })).map((f) => f.content);
    assert.deepEqual(texts, ['/echo text=one', 'just text']);
  });

  it('sends plain text, path-like text and // text as messages, not commands', async () => {
    const cases: [string, string][] = [
      ['hello there', 'hello there'],
      ['/etc/hosts is a file', '/etc/hosts is a file'],
      ['//echo text=x', '/echo text=x'],
    ];
    for (const [content, stored] of cases) {
      const sent = await sse.chat.send.mutate({ content });
      assert.equal(sent.type, 'chat', content);
      if (sent.type !== 'chat') continue;
      assert.match(sent.messageId, /^msg_/);
      const [fragment] = await sse.fragments.list.query({ conversationId: sent.conversationId, role: 'user' });
      assert.equal(fragment?.content, stored);
    }
  });

  it('refuses bad commands with BAD_REQUEST naming the problem, and stores nothing', async () => {
    const before = (await sse.fragments.list.query({ limit: 1000 })).length;
    const cases: [string, RegExp][] = [
      ['/everything.ecoh message=hi', /unknown tool[^]*everything\.echo/],
      ['/ech text=x', /unknown tool[^]*echo/],
      ['/everything.get-sum {"a": 1, "b": }', /not valid JSON/],
      ['/everything.get-sum a=x b=2', /a[^]*number/],
      ['/everything.get-sum a=1', /b/],
      ['/nosuch.tool x=1', /nosuch/],
      ['/shell command=ls', /shell tool is disabled/],
    ];
    for (const [content, message] of cases) {
      await assert.rejects(sse.chat.send.mutate({ content }), (error: unknown) => {
        assert.ok(error instanceof TRPCClientError, content);
        assert.equal(error.data?.code, 'BAD_REQUEST', content);
        assert.match(error.message, message, content);
        return true;
      });
    }
    assert.equal((await sse.fragments.list.query({ limit: 1000 })).length, before);
  });

  it('refuses a message for a conversation that does not exist', async () => {
    await assert.rejects(sse.chat.send.mutate({ content: 'hi', conversationId: 'conv_missing' }), /does not exist/);
  });

  it('serves streamUrl to a plain EventSource, and resumes a plain Last-Event-ID request', async () => {
    const sent = await sse.chat.send.mutate({ content: '/count to=3 intervalMs=5' });
    if (sent.type !== 'tool_execution') return assert.fail('not a tool execution');
    const source = new EventSource(sent.streamUrl);
    const received = await new Promise<{ id: string; type: string }[]>((resolve, reject) => {
      const seen: { id: string; type: string }[] = [];
      source.onmessage = (message) => {
        const data = toolEvent(JSON.parse(message.data), `EventSource event ${message.lastEventId}`);
        seen.push({ id: message.lastEventId, type: data.type });
        if (data.type === 'done') resolve(seen);
      };
      source.onerror = () => reject(new Error('EventSource failed'));
    });
    source.close();
    const receivedIds = received.map((e) => Number(e.id));
    assert.deepEqual(receivedIds, [...new Set(receivedIds)].sort((a, b) => a - b), 'ids are unique and increasing');
    assert.deepEqual(received.slice(-2).map((e) => e.type), ['tool_complete', 'done']);
    const resumeAfter = received.at(-3)?.id ?? '';
    const resumed = await fetch(sent.streamUrl, { headers: { accept: 'text/event-stream', 'last-event-id': resumeAfter } });
    const ids = [...(await resumed.text()).matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
    assert.deepEqual(ids, received.slice(-2).map((e) => e.id));
  });

  it('answers a plain message on chat.streamReply, saying plainly that no AI model is configured', async () => {
    const sent = await sse.chat.send.mutate({ content: 'what is up?' });
    if (sent.type !== 'chat') return assert.fail('not a chat message');
    const events = await new Promise<{ id: string; data: { type: string; content?: string; fragmentId?: string } }[]>((resolve, reject) => {
      const seen: { id: string; data: { type: string; content?: string; fragmentId?: string } }[] = [];
      const sub = sse.chat.streamReply.subscribe(
        { messageId: sent.messageId },
        {
          onData: (event) => {
            seen.push(event as never);
            if (event.data.type === 'done') (sub.unsubscribe(), resolve(seen));
          },
          onError: reject,
        },
      );
    });
    assert.deepEqual(events.map((e) => e.data.type), ['reply_delta', 'reply_complete', 'done']);
    assert.match(events[0]?.data.content ?? '', /No AI model is configured[^]*OPENAI_BASE_URL/);
    const fragments = await sse.fragments.list.query({ conversationId: sent.conversationId });
    assert.deepEqual(fragments.map((f) => f.role), ['user', 'assistant']);
    assert.equal(fragments[1]?.id, events[1]?.data.fragmentId);
  });

  it('says NOT_FOUND for a stream that does not exist', async () => {
    await assert.rejects(collect(sse, 'exec_nope'), /execution exec_nope does not exist/);
    const chat = await sse.chat.send.mutate({ content: 'hello' });
    if (chat.type !== 'chat') return assert.fail('not a chat message');
    await assert.rejects(collect(sse, chat.messageId), /does not exist/);
  });

  it('answers /healthz without a token', async () => {
    const response = await fetch(`${app.url}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { ok: boolean; mcpServers: { name: string; state: string }[] };
    assert.equal(body.ok, true);
    assert.deepEqual(body.mcpServers.map((s) => s.state), ['connected', 'connected', 'connected', 'connected']);
  });
});
