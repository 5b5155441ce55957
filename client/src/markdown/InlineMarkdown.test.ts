import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { InlineMarkdown } from './InlineMarkdown';

const html = (text: string) => renderToString(createElement(InlineMarkdown, { text }));

test('backticks in a tool description are inline code, not raw backticks', () => {
  const out = html('Counts up to `to`, one line every `intervalMs`.');
  assert.equal(out, 'Counts up to <code>to</code>, one line every <code>intervalMs</code>.');
});

test('links, images, HTML and blocks from a server stay text', () => {
  const out = html('# See [docs](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)>');
  assert.doesNotMatch(out, /<(a|img|h1|p)\b/);
  assert.match(out, /docs/);
  assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;/);
});
