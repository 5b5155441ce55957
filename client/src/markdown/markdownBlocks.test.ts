import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitBlocks } from './markdownBlocks';

test('blocks split at blank lines, and together they are the whole text', () => {
  const text = '# Title\n\nA paragraph\non two lines.\n\n- a\n- b\n';
  const blocks = splitBlocks(text);
  assert.deepEqual(blocks, ['# Title\n', 'A paragraph\non two lines.\n', '- a\n- b\n']);
  assert.equal(blocks.join('\n'), text);
});

test('a blank line inside fenced code does not split it, even while the fence is still open', () => {
  const closed = 'Before\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter';
  assert.deepEqual(splitBlocks(closed), ['Before\n', '```ts\nconst a = 1;\n\nconst b = 2;\n```\n', 'After']);
  const open = 'Before\n\n~~~\nline\n\nmore';
  assert.deepEqual(splitBlocks(open), ['Before\n', '~~~\nline\n\nmore']);
});

test('an indented line after a blank line continues the list item above it', () => {
  assert.deepEqual(splitBlocks('- item\n\n  more of it\n\nNext'), ['- item\n\n  more of it\n', 'Next']);
});

test('an empty text is one empty block; a finished block keeps its source as more arrives', () => {
  assert.deepEqual(splitBlocks(''), ['']);
  const first = splitBlocks('One.\n\nTw')[0];
  assert.equal(splitBlocks('One.\n\nTwo, and more.')[0], first);
});
