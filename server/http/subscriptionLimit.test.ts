import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors/appError';
import { SubscriptionLimit, withinLimit } from './subscriptionLimit';

async function* events(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

describe('SubscriptionLimit (limits.subscriptionsPerClient)', () => {
  it('counts per subscriber and refuses one more with TOO_MANY_SUBSCRIPTIONS naming the key and value', () => {
    const limit = new SubscriptionLimit(2);
    const a = limit.claim('10.0.0.1');
    limit.claim('10.0.0.1');
    assert.throws(
      () => limit.claim('10.0.0.1'),
      (error: unknown) => error instanceof AppError && error.code === 'TOO_MANY_SUBSCRIPTIONS' && /limit is 2 \(limits\.subscriptionsPerClient/.test(error.message),
    );
    assert.ok(limit.tryClaim('10.0.0.2'), 'another client is not affected');
    a();
    a(); // a second release frees nothing more
    assert.equal(limit.held('10.0.0.1'), 1);
    assert.ok(limit.tryClaim('10.0.0.1'));
    assert.equal(limit.tryClaim('10.0.0.1'), null);
  });

  it('withinLimit frees the slot when the reader ends, when the signal aborts, and when opening fails', async () => {
    const limit = new SubscriptionLimit(1);
    const socket = {};
    const done = new AbortController();
    const reader = withinLimit(limit, socket, done.signal, () => events(3));
    assert.equal(limit.held(socket), 1);
    const seen: number[] = [];
    for await (const value of reader) seen.push(value);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(limit.held(socket), 0);

    const gone = new AbortController();
    withinLimit(limit, socket, gone.signal, () => events(3));
    assert.equal(limit.held(socket), 1);
    gone.abort();
    assert.equal(limit.held(socket), 0);

    assert.throws(() => withinLimit(limit, socket, new AbortController().signal, () => { throw new AppError('NOT_FOUND', 'no such stream'); }), /no such stream/);
    assert.equal(limit.held(socket), 0);
    // No subscriber (a server-side caller): no limit.
    withinLimit(limit, undefined, new AbortController().signal, () => events(1));
    assert.equal(limit.held(socket), 0);
  });
});
