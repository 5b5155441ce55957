import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputCut } from './outputCut';

function run(max: number, parts: [string, ('stdout' | 'stderr' | 'log')?][]) {
  const written: { text: string; stream?: string; afterFinish: boolean }[] = [];
  let finished = false;
  const cut = new OutputCut(max, (text, stream) => written.push({ text, ...(stream ? { stream } : {}), afterFinish: finished }));
  for (const [text, stream] of parts) cut.add(text, stream);
  finished = true;
  cut.finish();
  return { written, cut: cut.cut, text: (kind?: string) => written.filter((w) => w.stream === kind).map((w) => w.text).join('') };
}

describe('OutputCut (limits.outputKeptChars)', () => {
  it('passes output under the limit through unchanged and in order, with no marker', () => {
    const { written, cut } = run(10, [['abc'], ['de'], ['fgh'], ['ij']]);
    assert.equal(cut, 0);
    assert.equal(written.map((w) => w.text).join(''), 'abcdefghij');
    assert.ok(written.every((w) => w.stream === undefined));
  });

  it('keeps exactly the first and the last half, and one marker saying how much was cut', () => {
    const text = Array.from({ length: 1000 }, (_, i) => String(i % 10)).join('');
    const parts: [string][] = [];
    for (let i = 0; i < text.length; i += 7) parts.push([text.slice(i, i + 7)]);
    const { written, cut, text: of } = run(101, parts);
    assert.equal(cut, 1000 - 101);
    assert.equal(of(undefined), text.slice(0, 51) + text.slice(-50));
    const markers = written.filter((w) => w.stream === 'log');
    assert.equal(markers.length, 1);
    assert.match(markers[0]?.text ?? '', /899 characters cut: the output passed limits\.outputKeptChars \(101\); the first 51 and the last 50 are kept/);
    // The head streamed live; the marker and the tail came at the end, marker first.
    const firstLate = written.findIndex((w) => w.afterFinish);
    assert.equal(written.slice(0, firstLate).map((w) => w.text).join(''), text.slice(0, 51));
    assert.equal(written[firstLate]?.stream, 'log');
  });

  it('keeps each kept part’s stream (stdout and stderr in the tail)', () => {
    const { text: of, cut } = run(4, [['ab', 'stdout'], ['cdef', 'stderr'], ['gh', 'stdout']]);
    assert.equal(cut, 4);
    assert.equal(of('stdout'), 'abgh');
    assert.equal(of('stderr'), '');
  });

  it('cuts a single huge chunk in the middle', () => {
    const { text: of, cut } = run(6, [['0123456789']]);
    assert.equal(of(undefined), '012789');
    assert.equal(cut, 4);
  });
});
