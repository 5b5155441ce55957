import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { BidiSafeText } from './BidiSafeText';

const html = (text: string) => renderToString(createElement(BidiSafeText, { text })).replaceAll('<!-- -->', '');

test('a right-to-left override in output is shown as a mark, never applied', () => {
  const out = html('report\u202Etxt.exe');
  assert.doesNotMatch(out, /\u202E/);
  assert.equal(out, 'report<span class="bidi-control" title="U+202E RIGHT-TO-LEFT OVERRIDE">⟨U+202E⟩</span>txt.exe');
});

test('every embedding, override and isolate is neutralised; other text is left alone', () => {
  const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
  const out = html(`a${controls}b`);
  for (const char of controls) assert.ok(!out.includes(char), `U+${char.codePointAt(0)?.toString(16)}`);
  assert.equal((out.match(/bidi-control/g) ?? []).length, controls.length);
  assert.equal(html('שלום world 123'), 'שלום world 123', 'right-to-left letters themselves are not controls');
});
