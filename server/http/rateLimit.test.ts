import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureLimiter } from './rateLimit';

describe('FailureLimiter', () => {
  it('blocks an address after maxFailures in a window, until the window ends; other addresses are unaffected', () => {
    let now = 1_000;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 2; i++) limiter.fail('a');
    assert.equal(limiter.blockedFor('a'), 0);
    limiter.fail('a');
    assert.equal(limiter.blockedFor('a'), 60_000);
    assert.equal(limiter.blockedFor('b'), 0);
    now += 59_000;
    assert.equal(limiter.blockedFor('a'), 1_000);
    now += 1_000;
    assert.equal(limiter.blockedFor('a'), 0, 'the window ended');
    limiter.fail('a');
    assert.equal(limiter.blockedFor('a'), 0, 'a new window starts from one failure');
  });

  it('keeps at most maxAddresses entries: expired ones go first, then the oldest', () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 10, maxAddresses: 3, now: () => now });
    limiter.fail('old');
    now = 20;
    limiter.fail('x');
    limiter.fail('y');
    limiter.fail('z');
    assert.equal(limiter.size, 3, 'the expired entry made room');
    limiter.fail('w');
    assert.equal(limiter.size, 3);
    assert.equal(limiter.blockedFor('x'), 0, 'the oldest live entry was dropped');
    assert.ok(limiter.blockedFor('w') > 0);
    for (let i = 0; i < 10_000; i++) limiter.fail(`flood-${i}`);
    assert.equal(limiter.size, 3, 'a flood of addresses stays bounded');
  });
});
