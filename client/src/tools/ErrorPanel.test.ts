import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { StreamError } from '../../../shared/events';
import { ErrorPanel } from './ErrorPanel';

const html = (error: StreamError) => renderToString(createElement(ErrorPanel, { error })).replaceAll('<!-- -->', '');

test('a denied run says "Denied" with its code and reason, calmly like a cancel', () => {
  const out = html({ message: 'denied by the user', code: 'DENIED', recoverable: false });
  assert.match(out, /<strong>Denied<\/strong><code class="card-error-code">DENIED<\/code>/);
  assert.match(out, /denied by the user/);
  assert.match(out, /card-error card-error-quiet/);
});

test('a failure is not quiet, and a code without words of its own still shows itself', () => {
  const out = html({ message: 'no route', code: 'PROVIDER_UNREACHABLE', recoverable: true });
  assert.match(out, /<strong>Failed<\/strong><code class="card-error-code">PROVIDER_UNREACHABLE<\/code>/);
  assert.doesNotMatch(out, /card-error-quiet/);
});

test('a run the disk cut off says it could not be stored, with the message naming the data dir', () => {
  const out = html({ message: 'the data dir /srv/data is full: nothing more can be stored', code: 'STORAGE_FULL', recoverable: true });
  assert.match(out, /<strong>The server could not store this<\/strong><code class="card-error-code">STORAGE_FULL<\/code>/);
  assert.match(out, /\/srv\/data is full/);
  assert.doesNotMatch(out, /card-error-quiet/);
});
