import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Execution, Fragment } from '../../../shared/api';
import { buildTimeline, placesOf, replyParts, replyStreamOf, type TimelineItem } from './timeline';

const base = { conversationId: 'conv_1', sessionId: 'sess_1' };

function userMessage(id: string, at: number, messageId?: string): Fragment {
  return { ...base, id, role: 'user', content: `said ${id}`, createdAt: at, metadata: messageId ? { type: 'message', message_id: messageId } : {} };
}

function reply(id: string, at: number, messageId: string, extra: Record<string, unknown> = {}): Fragment {
  return { ...base, id, role: 'assistant', content: 'reply', createdAt: at, metadata: { type: 'ai_reply', message_id: messageId, reply_to: 'x', model: null, ...extra } };
}

function toolFragment(id: string, at: number, executionId: string): Fragment {
  const metadata = {
    type: 'tool_execution',
    execution_id: executionId,
    tool: 'echo',
    parameters: { text: 'hi' },
    execution_time: 5,
    success: true,
    status: 'succeeded',
    output_chars: 2,
  };
  return { ...base, id, role: 'tool', content: 'hi', createdAt: at, metadata };
}

function execution(id: string, at: number, retryOf: string | null = null): Execution {
  return {
    ...base,
    id,
    userFragmentId: 'frag_u',
    tool: 'echo',
    parameters: { text: 'hi' },
    status: 'succeeded',
    queuePosition: null,
    createdAt: at,
    startedAt: at,
    finishedAt: at + 5,
    retryOf,
  };
}

/** The timeline flat: a reply's runs (shown inside its bubble) right after it. */
const flat = (items: TimelineItem[]): TimelineItem[] => items.flatMap((item): TimelineItem[] => (item.kind === 'assistant' ? [item, ...item.runs] : [item]));
const kinds = (items: TimelineItem[]) => flat(items).map((item) => `${item.kind}:${item.key}`);

describe('buildTimeline', () => {
  test('a tool fragment feeds its run card instead of showing on its own', () => {
    const items = buildTimeline([userMessage('frag_u', 10), toolFragment('frag_t', 20, 'exec_1')], [execution('exec_1', 11)], []);
    assert.deepEqual(kinds(items), ['user:frag_u', 'tool:exec_1']);
    const card = items[1];
    assert.equal(card?.kind === 'tool' && card.fragment?.id, 'frag_t');
  });

  test('a tool fragment whose run is not listed still gets a card', () => {
    const items = buildTimeline([toolFragment('frag_t', 20, 'exec_9')], [], []);
    assert.deepEqual(kinds(items), ['tool:exec_9']);
  });

  test('an assistant fragment is keyed by the reply stream it records', () => {
    const items = buildTimeline([userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 12, 'msg_1')], [], []);
    assert.deepEqual(kinds(items), ['user:frag_u', 'assistant:msg_1']);
    const bubble = items[1];
    assert.equal(bubble?.kind === 'assistant' && bubble.fragment?.id, 'frag_a');
  });

  test('a message whose reply has no fragment yet gets a bubble to stream it into (reload mid-reply)', () => {
    const items = buildTimeline([userMessage('frag_u', 10, 'msg_1')], [], []);
    assert.deepEqual(kinds(items), ['user:frag_u', 'assistant:msg_1']);
    const bubble = items[1];
    assert.equal(bubble?.kind === 'assistant' && bubble.fragment, undefined);
  });

  test('a message from before replies were linked gets no empty bubble', () => {
    assert.deepEqual(kinds(buildTimeline([userMessage('frag_u', 10)], [], [])), ['user:frag_u']);
  });

  test('a pending reply shows once, before and after its message is listed', () => {
    const pending = [{ messageId: 'msg_1', userFragmentId: 'frag_u', at: 999 }];
    assert.deepEqual(kinds(buildTimeline([], [], pending)), ['assistant:msg_1']);
    assert.deepEqual(kinds(buildTimeline([userMessage('frag_u', 10, 'msg_1')], [], pending)), ['user:frag_u', 'assistant:msg_1']);
    const both = buildTimeline([userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 12, 'msg_1')], [], pending);
    assert.deepEqual(kinds(both), ['user:frag_u', 'assistant:msg_1']);
  });

  test('on equal times the user message comes before what it caused', () => {
    const items = buildTimeline([userMessage('frag_u', 10)], [execution('exec_1', 10)], []);
    assert.deepEqual(kinds(items), ['user:frag_u', 'tool:exec_1']);
  });

  test('a retried run is marked, its retry is not', () => {
    const items = buildTimeline([], [execution('exec_1', 10), execution('exec_2', 20, 'exec_1')], []);
    assert.deepEqual(
      items.map((item) => item.kind === 'tool' && item.retried),
      [true, false],
    );
  });

  test('with earlier pages unloaded, runs older than the loaded fragments are left out', () => {
    const executions = [execution('exec_old', 5), execution('exec_new', 15)];
    assert.deepEqual(kinds(buildTimeline([userMessage('frag_u', 10)], executions, [], true)), ['user:frag_u', 'tool:exec_new']);
    assert.deepEqual(kinds(buildTimeline([userMessage('frag_u', 10)], executions, [], false)), ['tool:exec_old', 'user:frag_u', 'tool:exec_new']);
  });
});

describe('buildTimeline: the model\'s runs and retried replies', () => {
  const call = (executionId: string, messageId: string) => ({ executionId, messageId, conversationId: 'conv_1', tool: 'echo', parameters: { text: 'hi' } });
  const marks = (items: TimelineItem[]) => flat(items).map((item) => (item.kind === 'tool' ? item.askedByModel : item.kind === 'assistant' ? item.retried : null));

  test('after a reload, the runs a reply lists in tool_calls sit under it in call order, marked as asked by the model', () => {
    // The runs start while the reply streams; its fragment is written at the end, so by time they would come first.
    const fragments = [userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 50, 'msg_1', { tool_calls: ['exec_2', 'exec_1'] }), userMessage('frag_v', 60)];
    const items = buildTimeline(fragments, [execution('exec_1', 20), execution('exec_2', 30), execution('exec_3', 55)], []);
    assert.deepEqual(kinds(items), ['user:frag_u', 'assistant:msg_1', 'tool:exec_2', 'tool:exec_1', 'tool:exec_3', 'user:frag_v']);
    assert.deepEqual(marks(items), [null, false, true, true, false, null]);
  });

  test('while the reply streams, a call it told shows at once under it, before executions.list has the run', () => {
    const items = buildTimeline([userMessage('frag_u', 10, 'msg_1')], [], [], false, [call('exec_1', 'msg_1')]);
    assert.deepEqual(kinds(items), ['user:frag_u', 'assistant:msg_1', 'tool:exec_1']);
    const card = flat(items)[2];
    assert.ok(card?.kind === 'tool');
    assert.equal(card.askedByModel, true);
    assert.equal(card.execution.tool, 'echo');
    assert.equal(card.execution.status, 'queued');
    // Once listed, the listed run is the one shown, still under its reply.
    const listed = buildTimeline([userMessage('frag_u', 10, 'msg_1')], [execution('exec_1', 12)], [], false, [call('exec_1', 'msg_1')]);
    assert.deepEqual(kinds(listed), ['user:frag_u', 'assistant:msg_1', 'tool:exec_1']);
    const run = flat(listed)[2];
    assert.equal(run?.kind === 'tool' && run.execution.startedAt, 12);
  });

  test('a run whose reply is not on the page keeps its own time, still marked', () => {
    const items = buildTimeline([userMessage('frag_v', 60)], [execution('exec_1', 20)], [], false, [call('exec_1', 'msg_gone')]);
    assert.deepEqual(kinds(items), ['tool:exec_1', 'user:frag_v']);
    assert.deepEqual(marks(items), [true, null]);
  });

  test('a retry goes under the reply it retries (and that reply\'s runs); the old one stays, marked retried', () => {
    const fragments = [userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 50, 'msg_1', { tool_calls: ['exec_1'] }), userMessage('frag_v', 60)];
    const pending = [{ messageId: 'msg_2', userFragmentId: 'frag_u', at: 999, retryOf: 'msg_1' }];
    const items = buildTimeline(fragments, [execution('exec_1', 20)], pending);
    assert.deepEqual(kinds(items), ['user:frag_u', 'assistant:msg_1', 'tool:exec_1', 'assistant:msg_2', 'user:frag_v']);
    assert.deepEqual(marks(items), [null, true, true, false, null]);
  });

  test('after a reload, of two replies to one message the earlier is the retried one', () => {
    const fragments = [userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 20, 'msg_1'), reply('frag_b', 30, 'msg_2')];
    assert.deepEqual(marks(buildTimeline(fragments, [], [])), [null, true, false]);
  });
});

describe('replyParts: each call\'s card where the model made it', () => {
  const at = (text: string, marker: string) => text.indexOf(marker);
  const shape = (parts: ReturnType<typeof replyParts>) => parts.map((part) => (part.kind === 'text' ? `text:${part.text}` : part.kind === 'run' ? `run:${part.key}` : `refused:${part.refused.tool}`));

  test('a reply\'s runs are in its item, not under it, and after a reload each sits at its stored place', () => {
    const text = 'Let me look.\n\nIt says hi.\n\nDone.';
    const places = [
      { at: at(text, '\n\nIt'), execution_id: 'exec_1' },
      { at: at(text, '\n\nIt'), refused: { tool: 'nope', parameters: '{oops', code: 'BAD_ARGUMENTS', message: 'not JSON' } },
      { at: at(text, '\n\nDone'), execution_id: 'exec_2' },
    ];
    const fragments = [userMessage('frag_u', 10, 'msg_1'), { ...reply('frag_a', 50, 'msg_1', { tool_calls: ['exec_1', 'exec_2'], tool_call_places: places }), content: text }];
    const items = buildTimeline(fragments, [execution('exec_1', 20), execution('exec_2', 30)], []);
    assert.deepEqual(items.map((item) => `${item.kind}:${item.key}`), ['user:frag_u', 'assistant:msg_1']);
    const bubble = items[1];
    assert.ok(bubble?.kind === 'assistant');
    assert.deepEqual(shape(replyParts(text, placesOf(bubble.fragment), bubble.runs)), [
      'text:Let me look.',
      'run:exec_1',
      'refused:nope',
      'text:\n\nIt says hi.',
      'run:exec_2',
      'text:\n\nDone.',
    ]);
  });

  test('live, the text streaming after a call grows the last part; a call made before any text comes first', () => {
    const runs = flat(buildTimeline([userMessage('frag_u', 10, 'msg_1')], [], [], false, [{ executionId: 'exec_1', messageId: 'msg_1', conversationId: 'conv_1', tool: 'echo', parameters: {} }])).filter((item) => item.kind === 'tool');
    assert.equal(runs.length, 1);
    const places = [{ at: 0, executionId: 'exec_1' }];
    assert.deepEqual(shape(replyParts('', places, runs)), ['run:exec_1']);
    assert.deepEqual(shape(replyParts('\n\nIt ', places, runs)), ['run:exec_1', 'text:\n\nIt ']);
    const grown = replyParts('\n\nIt said hi.', places, runs);
    assert.deepEqual(shape(grown), ['run:exec_1', 'text:\n\nIt said hi.']);
    assert.equal(grown[1]?.key, replyParts('\n\nIt ', places, runs)[1]?.key, 'the streaming part keeps its key');
  });

  test('a run with no place (a fragment from before places) goes after the text; a place past the shown text is clamped', () => {
    const fragments = [userMessage('frag_u', 10, 'msg_1'), reply('frag_a', 50, 'msg_1', { tool_calls: ['exec_1'] })];
    const bubble = buildTimeline(fragments, [execution('exec_1', 20)], [])[1];
    assert.ok(bubble?.kind === 'assistant');
    assert.deepEqual(shape(replyParts('reply', placesOf(bubble.fragment), bubble.runs)), ['text:reply', 'run:exec_1']);
    assert.deepEqual(shape(replyParts('short', [{ at: 99, executionId: 'exec_1' }], bubble.runs)), ['text:short', 'run:exec_1']);
  });
});

describe('replyStreamOf', () => {
  test('reads message_id from a plain message only', () => {
    assert.equal(replyStreamOf(userMessage('frag_u', 1, 'msg_1')), 'msg_1');
    assert.equal(replyStreamOf(userMessage('frag_u', 1)), undefined);
    assert.equal(replyStreamOf(reply('frag_a', 1, 'msg_1')), undefined);
  });
});
