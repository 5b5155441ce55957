import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { STREAM_ERROR_CODES } from '../../shared/errors';
import { AI_DEFAULTS } from '../config/schema';
import { AppError } from '../errors/appError';
import { describeProviderError, isConfigured, redact } from './provider';

const ai = { ...AI_DEFAULTS, baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-secret-123', model: 'm' };

describe('the provider edge', () => {
  it('is configured with a model and somewhere to send it', () => {
    assert.equal(isConfigured({ ...AI_DEFAULTS }), false);
    assert.equal(isConfigured({ ...AI_DEFAULTS, model: 'm' }), false);
    assert.equal(isConfigured({ ...AI_DEFAULTS, model: 'm', baseUrl: 'http://x/v1' }), true);
    assert.equal(isConfigured({ ...AI_DEFAULTS, model: 'm', apiKey: 'k' }), true);
  });

  it('never lets the key or a bearer token through', () => {
    assert.equal(redact('bad key sk-secret-123 (Authorization: Bearer sk-other)', 'sk-secret-123'), 'bad key [redacted] (Authorization: Bearer [redacted])');
    const error = describeProviderError(OpenAI.APIError.generate(401, { message: 'Incorrect API key provided: sk-secret-123' }, undefined, new Headers()), ai);
    assert.equal(error.code, 'PROVIDER_AUTH');
    assert.doesNotMatch(error.message, /sk-secret-123/);
  });

  it('maps each status to its code and recoverable flag', () => {
    const cases: [number, string, boolean][] = [
      [401, 'PROVIDER_AUTH', false],
      [403, 'PROVIDER_AUTH', false],
      [404, 'MODEL_NOT_FOUND', false],
      [429, 'RATE_LIMITED', true],
      [500, 'PROVIDER_ERROR', true],
      [503, 'PROVIDER_ERROR', true],
      [400, 'PROVIDER_ERROR', false],
    ];
    for (const [status, code, recoverable] of cases) {
      const error = describeProviderError(OpenAI.APIError.generate(status, { message: 'x' }, undefined, new Headers()), ai);
      assert.deepEqual([error.code, error.recoverable], [code, recoverable], `status ${status}`);
    }
    const cut = Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } });
    assert.equal(describeProviderError(cut, ai).code, 'STREAM_CUT');
    assert.equal(describeProviderError(new RangeError('a bug'), ai).code, 'EXCEPTION');
  });

  it('keeps an end the turn itself threw (any code a stream carries) as it is, and calls a refusal a bug', () => {
    for (const code of STREAM_ERROR_CODES) {
      const thrown = new AppError(code, `ended: ${code}`, { recoverable: code === 'STORAGE_FULL' });
      assert.deepEqual(describeProviderError(thrown, ai), { code, message: `ended: ${code}`, recoverable: code === 'STORAGE_FULL' });
    }
    const refused = describeProviderError(new AppError('NOT_FOUND', 'message m does not exist'), ai);
    assert.deepEqual([refused.code, refused.message], ['EXCEPTION', 'the reply failed inside the server: message m does not exist']);
  });
});
