import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_ERROR_CODES, ERROR_CATALOG } from '../../shared/errors';
import { AppError } from './appError';
import { toTRPCError } from './trpcEdge';

test('every code in the catalog: an AppError carries its recoverable by default, and the edge answers its tRPC code', () => {
  for (const code of APP_ERROR_CODES) {
    const error = new AppError(code, `refused: ${code}`);
    assert.equal(error.recoverable, ERROR_CATALOG[code].recoverable, code);
    assert.equal(new AppError(code, 'm', { recoverable: !error.recoverable }).recoverable, !error.recoverable, `${code}: a site may know better`);
    const answered = toTRPCError(error);
    assert.equal(answered.code, ERROR_CATALOG[code].trpc, code);
    assert.equal(answered.message, `refused: ${code}`);
    assert.equal(answered.cause, error);
  }
});
