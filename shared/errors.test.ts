import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { APP_ERROR_CODES, ERROR_CATALOG, FINAL_TRPC_CODES, STREAM_ERROR_CODES, endsSubscription, isRunErrorCode } from './errors';
import { StreamErrorSchema } from './events';

const entries = Object.entries(ERROR_CATALOG);
const httpStatusOf = (trpc: keyof typeof TRPC_ERROR_CODES_BY_KEY) => getHTTPStatusCodeFromError(new TRPCError({ code: trpc }));

test('every code names a tRPC code; a refusal is the client\'s (4xx), a service\'s (503) or an MCP server\'s error answer (502), never a server bug (500)', () => {
  for (const [code, info] of entries) {
    assert.ok(Object.hasOwn(TRPC_ERROR_CODES_BY_KEY, info.trpc), `${code}: ${info.trpc} is no tRPC code`);
    const status = httpStatusOf(info.trpc);
    if (info.stream && info.trpc === 'INTERNAL_SERVER_ERROR') continue;
    assert.ok((status >= 400 && status < 500) || status === 503 || (status === 502 && code === 'MCP_REQUEST_FAILED'), `${code} answers ${status}`);
  }
});

test('a code names its own HTTP status only where no tRPC code has it', () => {
  const trpcStatuses = new Set(Object.keys(TRPC_ERROR_CODES_BY_KEY).map((key) => httpStatusOf(key as keyof typeof TRPC_ERROR_CODES_BY_KEY)));
  for (const [code, info] of entries) {
    if ('httpStatus' in info) assert.ok(!trpcStatuses.has(info.httpStatus), `${code}: ${info.httpStatus} is a tRPC code's; name that code instead`);
  }
});

test('a stream carries exactly the stream codes, and a refusal code is not one of them', () => {
  assert.deepEqual(STREAM_ERROR_CODES, APP_ERROR_CODES.filter((code) => ERROR_CATALOG[code].stream));
  for (const [code, info] of entries) {
    assert.equal(StreamErrorSchema.safeParse({ message: 'm', code, recoverable: true }).success, info.stream, code);
    assert.equal(isRunErrorCode(code), info.stream, code);
  }
  assert.equal(StreamErrorSchema.safeParse({ message: 'm', code: 'NO_SUCH_CODE', recoverable: true }).success, false);
});

test('a subscription ends on the same errors whether the client reads the app code or only the tRPC code', () => {
  for (const [code, info] of entries) {
    assert.equal(info.endsSubscription, FINAL_TRPC_CODES.has(info.trpc), `${code} (${info.trpc})`);
    assert.equal(endsSubscription({ code: info.trpc, appCode: code }), info.endsSubscription, code);
    // What ends a subscription is what no retry fixes.
    if (info.endsSubscription) assert.equal(info.recoverable, false, `${code} ends a subscription yet says a retry may help`);
  }
  assert.equal(endsSubscription({ code: 'BAD_REQUEST', appCode: null }), true, 'tRPC\'s own input errors');
  assert.equal(endsSubscription({ code: 'INTERNAL_SERVER_ERROR', appCode: null }), false);
  assert.equal(endsSubscription({ code: null, appCode: null }), false, 'a dropped connection is retried');
});

test('the words: a quiet end has a headline of its own, and no headline is empty', () => {
  for (const [code, info] of entries) {
    if (info.headline !== null) assert.notEqual(info.headline.trim(), '', code);
    if ('quiet' in info && info.quiet) assert.ok(info.stream && info.headline, code);
  }
});

test('every code is documented for users (README.md, or ARCHITECTURE.md)', () => {
  const docs = ['../README.md', '../ARCHITECTURE.md']
    .map((file) => new URL(file, import.meta.url))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const missing = APP_ERROR_CODES.filter((code) => !docs.includes(`\`${code}\``));
  assert.deepEqual(missing, [], 'codes no document names');
});
