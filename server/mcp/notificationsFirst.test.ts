import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, InMemoryTransport, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { routeMessagesFirst } from './notificationsFirst';

/** A real SDK server whose one tool sends two progress notifications and one log line, then answers. */
function server(): McpServer {
  const mcp = new McpServer({ name: 'first', version: '1.0.0' }, { capabilities: { logging: {} } });
  mcp.registerTool('work', { description: 'progress, a log line, progress' }, async (ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken ?? 0;
    await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: 1 } });
    await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data: 'between' } });
    await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: 2 } });
    return { content: [{ type: 'text', text: 'done' }] };
  });
  return mcp;
}

describe('routeMessagesFirst', () => {
  it('hands the messages it takes to the router, in order, and every other one to the SDK unchanged', async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server().connect(serverSide);
    const taken: string[] = [];
    const seenBySdk: string[] = [];
    const route = (message: JSONRPCMessage) => {
      if (!('method' in message) || !message.method.startsWith('notifications/')) return false;
      taken.push(message.method === 'notifications/progress' ? `progress ${String(message.params?.progress)}` : `log ${String(message.params?.data)}`);
      return true;
    };
    const client = new Client({ name: 'test', version: '1.0.0' });
    client.fallbackNotificationHandler = async (note) => void seenBySdk.push(note.method);
    await client.connect(routeMessagesFirst(clientSide, route));
    // Requests and their responses still go through the SDK: listing tools and calling one work.
    assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name), ['work']);
    const result = await client.callTool({ name: 'work', arguments: {}, _meta: { progressToken: 't1' } });
    assert.deepEqual(result.content, [{ type: 'text', text: 'done' }]);
    assert.deepEqual(taken, ['progress 1', 'log between', 'progress 2']);
    assert.deepEqual(seenBySdk, [], 'the SDK saw none of the notifications the router took');
    await client.close();
  });

  it('leaves what the router declines to the SDK', async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server().connect(serverSide);
    const seenBySdk: string[] = [];
    const client = new Client({ name: 'test', version: '1.0.0' });
    client.fallbackNotificationHandler = async (note) => void seenBySdk.push(note.method);
    await client.connect(routeMessagesFirst(clientSide, () => false));
    await client.callTool({ name: 'work', arguments: {}, _meta: { progressToken: 't2' } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(seenBySdk.includes('notifications/message'), `the SDK got ${JSON.stringify(seenBySdk)}`);
    await client.close();
  });
});
