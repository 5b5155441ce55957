/**
 * What a reader is sent after coalescing (merged output) must build the same card as every event one
 * by one: every line, in order, none lost or repeated, every progress, and a resume after any id it
 * was sent must continue exactly where it stopped. The card
 * is modelled as the page builds it (client/src/tools/toolStreamStore.ts, which the server project
 * may not import): output text by kind, adjacent text of one kind joined, the latest progress.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ToolEvent } from '../../shared/events';
import type { LoggedEvent } from './log';
import { coalesce } from './tail';

const eventArb: fc.Arbitrary<ToolEvent> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('tool_output' as const), content: fc.stringMatching(/^[ab\n]{1,6}$/) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('tool_output' as const), content: fc.stringMatching(/^[e\n]{1,4}$/), stream: fc.constant('stderr' as const) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('tool_progress' as const), progress: fc.nat(1000), message: fc.option(fc.constant('step'), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('tool_started' as const), startedAt: fc.nat() }) },
);

const logged = (events: ToolEvent[]): LoggedEvent[] => events.map((event, i) => ({ seq: i + 1, event }));

interface Card {
  /** [kind, text] runs: the page's lines are these texts split at newlines. */
  output: Array<[string, string]>;
  /** Every progress, in order: the contract keeps each one (PRODUCT.md, lossless.test.ts). */
  progress: unknown[];
  started: number;
}

/** The card after these events, as the page's reducer builds it. */
function view(items: LoggedEvent[]): Card {
  const card: Card = { output: [], progress: [], started: 0 };
  for (const { event } of items) {
    if (event.type === 'tool_output') {
      const kind = event.stream ?? 'out';
      const last = card.output.at(-1);
      if (last && last[0] === kind) last[1] += event.content;
      else card.output.push([kind, event.content]);
    } else if (event.type === 'tool_progress') card.progress.push({ progress: event.progress, total: event.total, message: event.message });
    else if (event.type === 'tool_started') card.started = event.startedAt;
  }
  return card;
}

describe('coalescing a reader page', () => {
  it('gives the page the same lines, in order, and every progress as every event applied one by one', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), (events) => {
        const items = logged(events);
        const sent = coalesce(items);
        assert.deepEqual(view(sent), view(items));
        const seqs = sent.map((s) => s.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'ids increase');
        assert.equal(new Set(seqs).size, seqs.length, 'no id twice');
        if (items.length > 0) assert.equal(seqs.at(-1), items.length, 'the last id sent is the last event');
      }),
    );
  });

  it('resumes after any id it sent without losing or repeating a line', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 80 }), fc.nat(), (events, pick) => {
        const items = logged(events);
        const sent = coalesce(items);
        const cut = pick % sent.length;
        const after = (sent[cut] as LoggedEvent).seq;
        const resumed = [...sent.slice(0, cut + 1), ...coalesce(items.filter((i) => i.seq > after))];
        assert.deepEqual(view(resumed), view(items));
      }),
    );
  });
});
