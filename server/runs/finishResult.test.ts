import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundResult } from './finishResult';

describe('boundResult (limits.resultContentChars)', () => {
  it('keeps a result that fits untouched', () => {
    const result = { isError: false, content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }], structuredContent: { a: 1 } };
    assert.deepEqual(boundResult(result, 1000), result);
  });

  it('drops the payload of an item past the limit, saying what and how much, and keeps the rest of it', () => {
    const big = 'A'.repeat(5000);
    const result = boundResult(
      {
        isError: false,
        content: [
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'audio', data: big, mimeType: 'audio/wav', annotations: { priority: 1 } },
          { type: 'resource', resource: { uri: 'file:///x.bin', mimeType: 'application/octet-stream', blob: big } },
        ],
      },
      1000,
    );
    assert.deepEqual(result.content, [
      { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      { type: 'audio', mimeType: 'audio/wav', annotations: { priority: 1 }, omitted: { field: 'data', chars: 5000, limit: 1000 } },
      { type: 'resource', resource: { uri: 'file:///x.bin', mimeType: 'application/octet-stream' }, omitted: { field: 'resource.blob', chars: 5000, limit: 1000 } },
    ]);
  });

  it('drops structuredContent past the limit with a warning', () => {
    const result = boundResult({ isError: false, structuredContent: { text: 'x'.repeat(100) }, warnings: ['earlier'] }, 50);
    assert.equal(result.structuredContent, undefined);
    assert.deepEqual(result.warnings, ['earlier', 'structuredContent (111 characters) passed limits.resultContentChars (50) and was not kept']);
  });
});
