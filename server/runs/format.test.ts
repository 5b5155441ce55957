import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors/appError';
import { StreamErrorSchema } from '../../shared/events';
import { describeFailure } from './format';

describe('describeFailure: whatever a run threw, as a stream error with a run code', () => {
  it('keeps a run code, its message and whether a retry can help', () => {
    const error = describeFailure(new AppError('TIMEOUT', 'no output for 5 s', { recoverable: true }));
    assert.deepEqual(error, { message: 'no output for 5 s', code: 'TIMEOUT', recoverable: true });
  });

  it('turns a refusal code raised during a run into the tool failing (the stream carries run codes only)', () => {
    const error = describeFailure(new AppError('BAD_ARGUMENTS', 'arguments must be an object'));
    assert.deepEqual(error, { message: 'arguments must be an object', code: 'TOOL_ERROR', recoverable: false });
    assert.ok(StreamErrorSchema.safeParse(error).success);
  });

  it('says a tool threw something that is not ours, with its message', () => {
    assert.deepEqual(describeFailure(new Error('kaboom')), { message: 'the tool threw: kaboom', code: 'EXCEPTION', recoverable: true });
    assert.deepEqual(describeFailure('plain'), { message: 'the tool threw: plain', code: 'EXCEPTION', recoverable: true });
  });
});
