import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endStatusOf, isFinished } from './runStatus';

test('a run ends succeeded without an error, cancelled, interrupted by a restart, or failed', () => {
  assert.equal(endStatusOf(null), 'succeeded');
  assert.equal(endStatusOf({ code: 'CANCELLED' }), 'cancelled');
  assert.equal(endStatusOf({ code: 'SERVER_RESTARTED' }), 'interrupted');
  for (const code of ['TOOL_ERROR', 'EXCEPTION', 'TIMEOUT', 'MCP_SERVER_CRASHED', 'MCP_SERVER_UNAVAILABLE'] as const) {
    assert.equal(endStatusOf({ code }), 'failed', code);
  }
  assert.deepEqual(['queued', 'running'].map((s) => isFinished(s as 'queued')), [false, false]);
  assert.ok(isFinished(endStatusOf({ code: 'TIMEOUT' })));
});
