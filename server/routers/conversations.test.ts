import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCaller, rejectsWith, type TestCaller } from './testCaller';

describe('conversations router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller();
  });
  after(() => t.close());

  it('create, rename and list, newest first', async () => {
    const first = await t.caller.conversations.create({ title: 'First' });
    const second = await t.caller.conversations.create();
    assert.equal(second.title, 'New conversation');
    const renamed = await t.caller.conversations.rename({ id: first.id, title: 'Renamed' });
    assert.equal(renamed.title, 'Renamed');
    const listed = await t.caller.conversations.list();
    assert.deepEqual(listed.map((c) => c.id).sort(), [first.id, second.id].sort());
    assert.equal(listed.find((c) => c.id === first.id)?.title, 'Renamed');
  });

  it('rename: NOT_FOUND for a conversation that does not exist', async () => {
    await rejectsWith(t.caller.conversations.rename({ id: 'conv_nope', title: 'x' }), 'NOT_FOUND', 'NOT_FOUND', /^conversation conv_nope does not exist$/);
  });
});
