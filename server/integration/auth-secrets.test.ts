import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakeOpenAI } from './fixtures/openai-server';
import { collect, edgeStdio, freePort, sseClient, startTestApp, wsClient } from './harness';
import { collectReply } from './replyStream';

const TOKEN = 'sekrit-token-41d2';
const API_KEY = 'sekrit-apikey-8c1e';
const HEADER = 'sekrit-header-77aa';
const ENV = 'sekrit-env-09f3';
const STDERR_ENV = 'sekrit-stderr-5b6c';
const ARG = 'sekrit-arg-2e4d';
const SECRETS = [TOKEN, API_KEY, HEADER, ENV, STDERR_ENV, ARG];

/** Every string in `value` that holds a secret, with where it was found. */
function leaks(where: string, value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return SECRETS.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${where}`);
}

/**
 * Issue "Security and limits", point 5: the token, the API key, MCP header and env values never
 * come back out — not in the log, a fragment, a stream event, an error message, /healthz or
 * tools.servers — even when everything that can fail does.
 */
describe('secrets are never echoed', () => {
  it('a server with secrets everywhere, made to fail every way: none of them in anything it says', async () => {
    const fake = await startFakeOpenAI();
    const deadPort = await freePort();
    const logged: string[] = [];
    const app = await startTestApp({
      token: TOKEN,
      log: (line) => logged.push(line),
      config: {
        ai: { baseUrl: `${fake.url}/v1`, apiKey: API_KEY, model: 'fake-model' },
        approvals: { tools: { 'edge.fail': 'auto', 'edge.crash': 'auto', 'edge.env': 'auto' } },
        mcpServers: {
          edge: edgeStdio({ SECRET: ENV }),
          // A dead Streamable HTTP server with an Authorization header: its connect error must not show it.
          remote: { url: `http://127.0.0.1:${deadPort}/mcp?key=${ARG}`, headers: { Authorization: `Bearer ${HEADER}` } },
          // A stdio server that prints its secret env (and has a secret on its command line), then dies.
          noisy: { command: process.execPath, args: ['-e', `console.error('env', process.env.SECRET); process.exit(3)`, ARG], env: { SECRET: STDERR_ENV } },
        },
      },
    });
    const found: string[] = [];
    try {
      const client = sseClient(app.url, TOKEN);
      const errors: string[] = [];
      const failing = async (what: string, call: () => Promise<unknown>) => {
        try {
          found.push(...leaks(what, await call()));
        } catch (error) {
          errors.push(`${what}: ${(error as Error).message}`);
        }
      };
      // Wrong tokens, over each way in.
      await failing('wrong token (HTTP)', () => sseClient(app.url, `${TOKEN}-wrong`).tools.list.query());
      const badWs = wsClient(app.url, `${TOKEN}x`);
      await failing('wrong token (WebSocket)', () => badWs.client.tools.list.query());
      await badWs.close();
      const wrongSse = await fetch(`${app.url}/trpc/chat.streamTool?token=${TOKEN}-x`, { headers: { accept: 'text/event-stream' } });
      found.push(...leaks('wrong token (SSE)', await wrongSse.text()));
      const wrongLogin = await fetch(`${app.url}/login`, { method: 'POST', body: JSON.stringify({ token: `${TOKEN}-nope` }) });
      found.push(...leaks('wrong login', await wrongLogin.text()));
      // Tools that fail, and tools of servers that never came up.
      const conversations: string[] = [];
      for (const command of ['/edge.fail', '/edge.env', '/edge.crash afterMs=10', '/remote.anything', '/noisy.anything', '/edge.fail']) {
        await failing(command, async () => {
          const sent = await client.chat.send.mutate({ content: command });
          conversations.push(sent.conversationId);
          if (sent.type !== 'tool_execution') return sent;
          return [sent, await collect(client, sent.executionId)];
        });
      }
      // The provider refuses the key and says it back, as some do.
      fake.script({ status: 401, error: { message: `Incorrect API key provided: ${API_KEY}` } });
      await failing('AI reply', async () => {
        const sent = await client.chat.send.mutate({ content: 'hello?' });
        conversations.push(sent.conversationId);
        if (sent.type !== 'chat') return sent;
        return [sent, await collectReply(client, sent.messageId)];
      });
      for (const conversationId of conversations) {
        await failing(`fragments of ${conversationId}`, () => client.fragments.list.query({ conversationId }));
        await failing(`executions of ${conversationId}`, () => client.executions.list.query({ conversationId }));
      }
      await failing('fragments', () => client.fragments.list.query({}));
      await failing('conversations', () => client.conversations.list.query());
      await failing('tools.servers', () => client.tools.servers.query());
      await failing('servers.list', () => client.servers.list.query());
      await failing('servers.reconnect', () => client.servers.reconnect.mutate({ name: 'noisy' }));
      await failing('tools.list', () => client.tools.list.query());
      found.push(...leaks('/healthz', await (await fetch(`${app.url}/healthz`)).text()));
      found.push(...leaks('error messages', errors));
      found.push(...leaks('log', logged));
      const servers = await client.servers.list.query();
      assert.ok(servers.some((server) => server.status === 'failed'), 'the dead servers did fail');
    } finally {
      await app.stop();
      await fake.close();
    }
    found.push(...leaks('log', logged));
    assert.deepEqual(found, []);
  });
});
