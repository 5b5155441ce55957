import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hasLoneSurrogate, toWellFormed } from './text';

/** Any UTF-16 text, lone surrogates included. */
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '😀'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 30 });
/** Text survives UTF-8 (SQLite's encoding) exactly when it has no lone surrogate. */
const survivesUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

test('a lone surrogate is found exactly when the text would not survive UTF-8', () => {
  fc.assert(fc.property(anyText, (text) => assert.equal(hasLoneSurrogate(text), !survivesUtf8(text))), { numRuns: 5000 });
});

test('toWellFormed replaces each lone surrogate with one U+FFFD and leaves the rest', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const out = toWellFormed(text);
      assert.ok(survivesUtf8(out));
      assert.equal(out.length, text.length);
      if (!hasLoneSurrogate(text)) assert.equal(out, text);
    }),
    { numRuns: 5000 },
  );
  assert.equal(toWellFormed('L\ud800R'), 'L\ufffdR');
  assert.equal(toWellFormed('\udc00😀\ud800'), '\ufffd😀\ufffd');
});
