import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerInfo } from '../../shared/servers';
import { createTestCaller, rejectsWith, type TestCaller } from './testCaller';

describe('servers router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller({
      config: {
        mcpServers: {
          broken: { command: process.execPath, args: ['-e', 'process.stderr.write("broken: no config\\n"); process.exit(3)'] },
          off: { command: process.execPath, args: ['-e', 'process.exit(3)'], disabled: true },
        },
      },
    });
  });
  after(() => t.close());

  it('list: not started yet is connecting; disabled is disabled', async () => {
    const servers = await t.caller.servers.list();
    assert.deepEqual(servers.map((s) => [s.name, s.status]), [['broken', 'connecting'], ['off', 'disabled']]);
  });

  it('onChange: the list at once, then each change; the listener goes when the reader stops', async () => {
    const changes = t.services.mcp.changes;
    const brokenIn = (list: ServerInfo[] | undefined) => list?.find((s) => s.name === 'broken')?.status;
    const stream: AsyncIterator<ServerInfo[]> = (await t.caller.servers.onChange())[Symbol.asyncIterator]();
    const first = await stream.next();
    assert.equal(brokenIn(first.value), 'connecting');
    assert.equal(changes.listenerCount('change'), 1);
    const answer = await t.caller.servers.reconnect({ name: 'broken' });
    assert.equal(answer.status, 'failed');
    assert.match(answer.error ?? '', /could not connect to MCP server "broken"[^]*broken: no config/);
    // Changes that came while nobody read are one snapshot; the last one says failed.
    let next = await stream.next();
    while (brokenIn(next.value) !== 'failed') next = await stream.next();
    await stream.return?.(undefined);
    assert.equal(changes.listenerCount('change'), 0, 'no listener left behind');
  });

  it('reconnect: NOT_FOUND naming the configured servers; CONFLICT for a disabled one', async () => {
    await rejectsWith(t.caller.servers.reconnect({ name: 'nope' }), 'NOT_FOUND', 'NOT_FOUND', /^no MCP server named "nope" in mcpServers \(configured: "broken", "off"\)$/);
    await rejectsWith(t.caller.servers.reconnect({ name: 'off' }), 'CONFLICT', 'CONFLICT', /^MCP server "off" is disabled/);
    await rejectsWith(t.caller.servers.reconnect({ name: '' }), 'BAD_REQUEST', null, /name/);
  });
});
