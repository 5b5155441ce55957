import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConversationStore } from './conversations';
import { openDatabase } from './db';
import { FragmentStore, toFtsQuery } from './fragments';

function seeded() {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'frag-')));
  const conversations = new ConversationStore(db);
  const fragments = new FragmentStore(db);
  const sessionId = conversations.ensureSession('s');
  const conversationId = conversations.create('t').id;
  const texts = ['hello world', 'I like c++ and "quotes"', 'state-of-the-art search', 'x'.repeat(5000), 'last one'];
  const ids = texts.map((content) => fragments.add({ conversationId, sessionId, role: 'user', content, metadata: { n: content.length } }).id);
  return { fragments, ids, conversationId };
}

describe('fragments store', () => {
  it('lists newest last and pages with before and after', () => {
    const { fragments, ids } = seeded();
    assert.deepEqual(fragments.list({ limit: 10 }).map((f) => f.id), ids);
    assert.deepEqual(fragments.list({ limit: 2 }).map((f) => f.id), ids.slice(3));
    assert.deepEqual(fragments.list({ limit: 2, before: ids[3] }).map((f) => f.id), ids.slice(1, 3));
    assert.deepEqual(fragments.list({ limit: 10, after: ids[2] }).map((f) => f.id), ids.slice(3));
  });

  it('searches full text with any user input, FTS syntax included', () => {
    const { fragments } = seeded();
    const search = (query: string) => fragments.list({ limit: 10, query }).map((f) => f.content);
    assert.deepEqual(search('hello'), ['hello world']);
    assert.deepEqual(search('c++'), ['I like c++ and "quotes"']);
    assert.deepEqual(search('quotes"'), ['I like c++ and "quotes"']);
    assert.deepEqual(search('state-of-the-art'), ['state-of-the-art search']);
    assert.deepEqual(search('NEAR( AND OR'), []);
    assert.equal(toFtsQuery('a "b" c'), '"a" """b""" "c"');
  });

  it('cuts content to maxContentChars and says the full length', () => {
    const { fragments } = seeded();
    const listed = fragments.list({ limit: 10, maxContentChars: 100 });
    const big = listed[3];
    assert.equal(big?.content.length, 100);
    assert.equal(big?.contentChars, 5000);
    assert.equal(listed[0]?.contentChars, undefined, 'short fragments are whole and unmarked');
    assert.deepEqual(big?.metadata, { n: 5000 });
  });

  it('cuts by JavaScript characters, keeping NULs and whole surrogate pairs (issue 18 item 6)', () => {
    const { fragments, conversationId } = seeded();
    const add = (content: string) => fragments.add({ conversationId, sessionId: 's', role: 'tool', content, metadata: {} }).id;
    const nul = add('.\u0000./file.txt\u0000');
    const emoji = add('😀😀😀ab');
    const list = (max: number) => fragments.list({ limit: 2, maxContentChars: max });
    const [whole, cutEmoji] = [list(100)[0], list(3)[1]];
    assert.equal(whole?.id, nul);
    assert.equal(whole?.content, '.\u0000./file.txt\u0000');
    assert.equal(whole?.contentChars, undefined);
    assert.deepEqual(list(4)[0], { ...whole, content: '.\u0000./', contentChars: 13 });
    assert.equal(cutEmoji?.id, emoji);
    assert.equal(cutEmoji?.content, '😀', 'a pair is not halved');
    assert.equal(cutEmoji?.contentChars, 8, 'the full length in UTF-16 units');
  });

  it('answers any search text, NUL included, without an SQLite error', () => {
    const { fragments } = seeded();
    assert.deepEqual(fragments.list({ limit: 10, query: '\u0000' }), fragments.list({ limit: 10, query: ' ' }), 'a NUL is a space, as between words');
    assert.deepEqual(fragments.list({ limit: 10, query: 'hello\u0000world' }).map((f) => f.content), ['hello world']);
    const unit = fc.oneof(fc.constantFrom('\u0000', '"', '*', '(', ')', ':', '^', '-', '+', ' ', 'NEAR', 'AND', '\ud800', 'hello'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
    fc.assert(fc.property(fc.string({ unit, maxLength: 30 }), (query) => void fragments.list({ limit: 10, query, maxContentChars: 5 })), { numRuns: 2000 });
  });
});
