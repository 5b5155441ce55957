import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { ToolResult } from '../../../shared/events';
import { ResultView } from './ResultView';
import { mediaUrl } from './result/media';

const base: ToolResult = { tool: 'results.forecast', parameters: {}, executionTime: 5, success: true };
const html = (result: Partial<ToolResult>, props: Record<string, unknown> = {}) =>
  renderToString(createElement(ResultView, { result: { ...base, ...result }, ...props })).replaceAll('<!-- -->', '');

test('structuredContent that is an array of flat objects is a table', () => {
  const out = html({ structuredContent: [{ city: 'Oslo', temp: 3 }, { city: 'Lisbon', temp: 17 }] });
  assert.match(out, /<table class="result-table" aria-label="Structured result"><thead><tr><th scope="col">city<\/th><th scope="col">temp<\/th><\/tr><\/thead>/);
  assert.match(out, /<tr><td>Oslo<\/td><td class="result-cell-number">3<\/td><\/tr><tr><td>Lisbon<\/td><td class="result-cell-number">17<\/td><\/tr>/);
});

test('other structuredContent is a collapsible tree, with tables where a node is an array of flat objects', () => {
  const out = html({ structuredContent: { station: { id: 'OSL', position: { lat: 59.9 } }, rows: [{ a: 1 }], tags: ['north'] } });
  assert.match(out, /<ul class="result-tree result-tree-root"><li><details open=""><summary><span class="result-key">station<\/span> <span class="result-meta">\{2\}<\/span>/);
  assert.match(out, /<span class="result-key">id<\/span>: <span class="result-leaf result-leaf-string">&quot;OSL&quot;<\/span>/);
  // Deeper than two levels starts folded.
  assert.match(out, /<details><summary><span class="result-key">position<\/span>/);
  assert.match(out, /<table class="result-table" aria-label="rows">/);
  assert.match(out, /<span class="result-key">0<\/span>: <span class="result-leaf result-leaf-string">&quot;north&quot;<\/span>/);
  assert.doesNotMatch(out, /<table[^>]*aria-label="Structured result"/);
});

test('warnings are shown; a scalar structuredContent is one leaf', () => {
  const out = html({ structuredContent: 42, warnings: ["structuredContent does not match the tool's outputSchema: rows[0].temp must be number"] });
  assert.match(out, /<strong>Warning:<\/strong> structuredContent does not match the tool&#x27;s outputSchema: rows\[0\]\.temp must be number/);
  assert.match(out, /result-leaf-number">42</);
});

test('raster images and audio as data URLs; SVG named, never rendered; an omitted payload says why', () => {
  const out = html({
    content: [
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
      { type: 'audio', mimeType: 'audio/wav', data: 'UklGRg==' },
      { type: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zy8+' },
      { type: 'image', mimeType: 'image/png', omitted: { field: 'data', chars: 4_000_000, limit: 2_000_000 } },
    ],
  });
  assert.match(out, /<img class="result-image" src="data:image\/png;base64,iVBORw0KGgo=" alt="Image from the tool \(image\/png, 9 B\)"\/>/);
  assert.match(out, /<audio class="result-audio" controls="" src="data:audio\/wav;base64,UklGRg==" aria-label="Audio from the tool \(audio\/wav\)"><\/audio>/);
  assert.doesNotMatch(out, /data:image\/svg/);
  assert.match(out, /<code>image\/svg\+xml<\/code><span class="result-meta">6 B<\/span><span class="result-meta">SVG from a tool is not rendered<\/span>/);
  assert.match(out, /not kept: 3\.0 MB passed limits\.resultContentChars \(2000000\)/);
});

test('mediaUrl takes only raster and audio types, and only plain base64', () => {
  assert.equal(mediaUrl('image', 'image/jpeg', 'AAAA'), 'data:image/jpeg;base64,AAAA');
  assert.equal(mediaUrl('image', 'IMAGE/PNG; x=1', 'AAAA'), 'data:image/png;base64,AAAA');
  assert.equal(mediaUrl('image', 'image/svg+xml', 'AAAA'), null);
  assert.equal(mediaUrl('image', 'text/html', 'AAAA'), null);
  assert.equal(mediaUrl('audio', 'image/png', 'AAAA'), null);
  assert.equal(mediaUrl('image', 'image/png', 'AA"onload="x'), null);
});

test('links and embedded resources show name, uri and type; Open appears only with onOpenResource', () => {
  const content = [
    { type: 'resource_link', uri: 'file:///p/report.csv', name: 'report.csv', title: 'Quarterly report', mimeType: 'text/csv' },
    { type: 'resource', resource: { uri: 'file:///p/notes.md', mimeType: 'text/markdown', text: '# Notes' } },
  ];
  const plain = html({ content });
  assert.match(plain, /<span class="result-kind">Link<\/span> <strong>Quarterly report<\/strong> <code>file:\/\/\/p\/report\.csv<\/code><span class="result-meta">text\/csv<\/span>/);
  assert.match(plain, /<code>file:\/\/\/p\/notes\.md<\/code><span class="result-meta">text\/markdown<\/span>/);
  assert.match(plain, /<pre class="result-pre resource-text"># Notes<\/pre>/);
  assert.doesNotMatch(plain, />Open</);
  const withOpen = html({ content }, { onOpenResource: () => undefined });
  assert.match(withOpen, /aria-label="Open report\.csv">Open<\/button>/);
  assert.match(withOpen, /aria-label="Open file:\/\/\/p\/notes\.md">Open<\/button>/);
});

test('items for the model only are behind a toggle; the user’s come first by priority', () => {
  const content = [
    { type: 'text', text: 'low', annotations: { audience: ['user'], priority: 0.1 } },
    { type: 'text', text: 'model one', annotations: { audience: ['assistant'] } },
    { type: 'text', text: 'high', annotations: { audience: ['user'], priority: 0.9 } },
    { type: 'text', text: 'model two', annotations: { audience: ['assistant'] } },
  ];
  const closed = html({ content });
  assert.match(closed, /high<\/pre><pre class="result-pre">low/);
  assert.doesNotMatch(closed, /model one/);
  assert.match(closed, /aria-expanded="false">Show 2 items for the model<\/button>/);
  const open = html({ content }, { showModelItems: true });
  assert.match(open, /aria-expanded="true">Hide 2 items for the model<\/button><pre class="result-pre">model one<\/pre><pre class="result-pre">model two<\/pre>/);
});

test('nothing to show is nothing', () => {
  assert.equal(html({}), '');
});
