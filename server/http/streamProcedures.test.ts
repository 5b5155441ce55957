import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamProcedureAt } from './streamProcedures';

test('only the two stream subscriptions are stream procedures, not keys every object inherits', () => {
  assert.equal(streamProcedureAt('chat.streamTool')?.kind, 'tool');
  assert.equal(streamProcedureAt('chat.streamReply')?.kind, 'reply');
  for (const path of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'chat.send', '']) assert.equal(streamProcedureAt(path), undefined, path);
});
