import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { MarkdownText } from './MarkdownText';

/** React's markers between adjacent text nodes are dropped so the assertions read the markup. */
const html = (text: string, streaming = false) =>
  renderToString(createElement(MarkdownText, { text, streaming })).replaceAll('<!-- -->', '');

test('HTML from the model is shown as text, never as elements', () => {
  const out = html('Hi <script>alert(1)</script> and <img src=x onerror="alert(2)"> <b>bold?</b>');
  assert.doesNotMatch(out, /<script/i);
  assert.doesNotMatch(out, /<img/i);
  assert.doesNotMatch(out, /<b>/);
  assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(out, /&lt;img src=x onerror=/);
});

test('an HTML block is text too', () => {
  const out = html('<div onclick="steal()">\n<iframe src="https://evil.example"></iframe>\n</div>');
  assert.doesNotMatch(out, /<div onclick|<iframe/i);
  assert.match(out, /&lt;iframe/);
});

test('a GFM table renders as a table, a fenced block as pre > code', () => {
  const out = html('| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```ts\nconst x = 1 < 2;\n```\n');
  assert.match(out, /<table>[^]*<th>a<\/th>[^]*<td>2<\/td>[^]*<\/table>/);
  assert.match(out, /<pre><code class="language-ts">const x = 1 &lt; 2;\n<\/code><\/pre>/);
});

test('lists, emphasis and inline code are Markdown', () => {
  const out = html('- one\n- **two**\n\n1. `x`');
  assert.match(out, /<ul>[^]*<li>one<\/li>[^]*<strong>two<\/strong>[^]*<\/ul>/);
  assert.match(out, /<ol>[^]*<code>x<\/code>/);
});

test('http(s) and mailto links open in a new tab without an opener; others are not links', () => {
  const out = html('[site](https://example.com) [mail](mailto:a@b.c) [bad](javascript:alert(1)) [rel](/trpc/x)');
  assert.match(out, /<a href="https:\/\/example.com" target="_blank" rel="noopener noreferrer">site<\/a>/);
  assert.match(out, /<a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">mail<\/a>/);
  assert.doesNotMatch(out, /javascript:/);
  assert.doesNotMatch(out, /href="\/trpc/);
  assert.match(out, /<span class="md-inert-link">bad<\/span>/);
});

test('an image is a link to it, never loaded', () => {
  const out = html('![chart](https://example.com/c.png?leak=secret)');
  assert.doesNotMatch(out, /<img/);
  assert.match(out, /<a href="https:\/\/example.com\/c.png\?leak=secret"[^>]*>\[Image: chart\]<\/a>/);
});

test('streaming renders the same Markdown block by block', () => {
  const text = 'Intro\n\n```\ncode\n\nmore\n```\n\n| a |\n| - |\n| 1 |';
  const out = html(text, true);
  assert.match(out, /<p>Intro<\/p>/);
  assert.match(out, /<pre><code>code\n\nmore\n<\/code><\/pre>/);
  assert.match(out, /<table>/);
});
