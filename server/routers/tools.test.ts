import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCaller, type TestCaller } from './testCaller';

describe('tools router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller({ config: { mcpServers: { broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] } } } });
  });
  after(() => t.close());

  it('list: every callable tool with its schema and source', async () => {
    const tools = await t.caller.tools.list();
    assert.deepEqual(tools.map((tool) => tool.name), ['echo', 'count', 'hold']);
    assert.deepEqual(tools[0]?.source, { kind: 'builtin' });
    assert.equal(tools[0]?.inputSchema.type, 'object');
  });

  it('servers: each configured MCP server and its state', async () => {
    const [server] = await t.caller.tools.servers();
    assert.equal(server?.name, 'broken');
    assert.equal(server?.transport, 'stdio');
    assert.equal(server?.toolCount, 0);
  });
});
