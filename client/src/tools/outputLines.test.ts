import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendOutput, emptyOutput, outputFromText } from './outputLines';

const texts = (text: string) => outputFromText(text).lines.map((line) => line.text);

test('text splits into lines; a final newline opens no empty line', () => {
  assert.deepEqual(texts('a\nb\n'), ['a', 'b']);
  assert.deepEqual(texts('a\nb'), ['a', 'b']);
  assert.deepEqual(texts('a\n\nb\n'), ['a', '', 'b']);
  assert.deepEqual(texts(''), []);
  assert.equal(outputFromText('a\nb').open, true);
  assert.equal(outputFromText('a\nb\n').open, false);
});

test('a chunk continues the line the last chunk left open', () => {
  const buffer = emptyOutput();
  appendOutput(buffer, '12', 'out');
  appendOutput(buffer, '3\n4', 'out');
  appendOutput(buffer, '5\n', 'out');
  assert.deepEqual(buffer.lines.map((line) => line.text), ['123', '45']);
  assert.equal(buffer.chars, 7);
});

test('stderr never continues a line of stdout', () => {
  const buffer = emptyOutput();
  appendOutput(buffer, 'out', 'out');
  appendOutput(buffer, 'err\n', 'stderr');
  assert.deepEqual(buffer.lines, [
    { text: 'out', kind: 'out' },
    { text: 'err', kind: 'stderr' },
  ]);
});

test('an empty chunk changes nothing', () => {
  const buffer = outputFromText('a');
  appendOutput(buffer, '', 'out');
  assert.deepEqual(buffer, { lines: [{ text: 'a', kind: 'out' }], open: true, chars: 1 });
});
