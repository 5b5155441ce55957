import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { titleOf, toCallResult } from './result';

describe('toCallResult', () => {
  it('streams text for everyone as output and keeps every other item, in order, in content', () => {
    const image = { type: 'image', data: 'AAAA', mimeType: 'image/png' };
    const forModel = { type: 'text', text: 'raw rows for you', annotations: { audience: ['assistant'] } };
    const forUser = { type: 'text', text: 'a note for the user', annotations: { audience: ['user'], priority: 1 } };
    const both = { type: 'text', text: 'second', annotations: { audience: ['user', 'assistant'] } };
    const link = { type: 'resource_link', uri: 'file:///a.txt', name: 'a.txt' };
    const result = toCallResult({ content: [{ type: 'text', text: 'first' }, image, forModel, both, forUser, link], structuredContent: { n: 1 } });
    assert.equal(result.text, 'first\nsecond');
    assert.deepEqual(result.content, [image, forModel, forUser, link]);
    assert.deepEqual(result.structuredContent, { n: 1 });
    assert.equal(result.isError, false);
  });

  it('explains a failure with the text kept for one audience when there is no other', () => {
    const result = toCallResult({ isError: true, content: [{ type: 'text', text: 'quota exceeded', annotations: { audience: ['user'] } }] });
    assert.equal(result.errorMessage, 'quota exceeded');
  });

  it('reads the deprecated toolResult shape as text', () => {
    assert.equal(toCallResult({ toolResult: { a: 1 } }).text, '{"a":1}');
  });
});

describe('titleOf', () => {
  it('takes title, then annotations.title, else none', () => {
    assert.deepEqual(titleOf({ title: 'Weather', annotations: { title: 'Old' } }), { title: 'Weather' });
    assert.deepEqual(titleOf({ annotations: { title: 'Old' } }), { title: 'Old' });
    assert.deepEqual(titleOf({ title: '  ' }), {});
    assert.deepEqual(titleOf({}), {});
  });
});
