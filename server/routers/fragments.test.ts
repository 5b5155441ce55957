import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCaller, rejectsWith, type TestCaller } from './testCaller';

describe('fragments router (createCaller)', () => {
  let t: TestCaller;
  before(() => {
    t = createTestCaller();
  });
  after(() => t.close());

  it('list: fragments newest last, filtered and searched; get: one of them', async () => {
    const sent = await t.caller.chat.send({ content: 'a searchable needle' });
    await t.caller.chat.send({ content: 'something else', conversationId: sent.conversationId });
    const users = await t.caller.fragments.list({ conversationId: sent.conversationId, role: 'user' });
    assert.deepEqual(users.map((f) => f.content), ['a searchable needle', 'something else']);
    const found = await t.caller.fragments.list({ query: 'needle' });
    assert.deepEqual(found.map((f) => f.id), [sent.userFragmentId]);
    assert.equal((await t.caller.fragments.get({ id: sent.userFragmentId })).content, 'a searchable needle');
  });

  it('get: NOT_FOUND for a fragment that does not exist', async () => {
    await rejectsWith(t.caller.fragments.get({ id: 'frag_nope' }), 'NOT_FOUND', 'NOT_FOUND', /^fragment frag_nope does not exist$/);
  });
});
