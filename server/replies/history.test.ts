import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fragment } from '../../shared/api';
import { buildHistory, toolResultText } from './history';
import { ToolNameTable } from './toolNames';

let seq = 0;
const fragment = (role: Fragment['role'], content: string, metadata: Record<string, unknown>): Fragment => ({
  id: `frag_${++seq}`,
  conversationId: 'c',
  sessionId: 's',
  role,
  content,
  metadata,
  createdAt: seq,
});
const user = (content: string, messageId = `msg_${seq + 1}`) => fragment('user', content, { type: 'message', message_id: messageId });
const reply = (content: string, to: Fragment, extra: Record<string, unknown> = {}) =>
  fragment('assistant', content, { type: 'ai_reply', message_id: 'm', reply_to: to.id, model: 'x', ...extra });
const run = (id: string, tool: string, output: string, extra: Record<string, unknown> = {}) =>
  fragment('tool', output, { type: 'tool_execution', execution_id: id, tool, parameters: { a: 1 }, success: true, ...extra });

describe('buildHistory', () => {
  it('sends a /prompt turn as the prompt’s messages, each with its role, and counts them in the budget', () => {
    const messages = [
      { role: 'user', content: 'Here is the picture.' },
      { role: 'assistant', content: 'I see a red dot.' },
      { role: 'user', content: 'What colour?' },
    ];
    const prompted = fragment('user', 'Here is the picture.\n\n(assistant) I see a red dot.\n\nWhat colour?', {
      type: 'message',
      message_id: 'msg_p',
      prompt: { name: 'library.mixed', arguments: {}, messages },
    });
    const answer = reply('Red.', prompted);
    const now = user('sure?');
    assert.deepEqual(buildHistory([prompted, answer, now], new ToolNameTable([]), 10_000).messages, [...messages, { role: 'assistant', content: 'Red.' }, { role: 'user', content: 'sure?' }]);
    // Over budget, the prompt's whole turn goes first, all its messages together.
    const tight = buildHistory([prompted, answer, now], new ToolNameTable([]), 60);
    assert.deepEqual(tight, { messages: [{ role: 'user', content: 'sure?' }], droppedTurns: 1 });
  });

  it('turns fragments into messages, with the model’s tool calls next to their results', () => {
    const q = user('sum?');
    const r = run('exec_1', 'everything.get-sum', '3');
    const a = reply('It is 3.', q, { tool_calls: ['exec_1'] });
    const now = user('thanks');
    const { messages, droppedTurns } = buildHistory([q, r, a, now], new ToolNameTable(['everything.get-sum']), 10_000, 'Be brief.');
    assert.equal(droppedTurns, 0);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'sum?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'exec_1', type: 'function', function: { name: 'everything__get-sum', arguments: '{"a":1}' } }] },
      { role: 'tool', tool_call_id: 'exec_1', content: '3' },
      { role: 'assistant', content: 'It is 3.' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it('tells a command the user ran as what the user did, and skips the "not configured" answers and replaced replies', () => {
    const cmd = fragment('user', '/echo text=hi', { type: 'tool_command', tool: 'echo', parameters: { text: 'hi' } });
    const out = run('exec_2', 'echo', 'hi');
    const q = user('hello');
    const none = fragment('assistant', 'No AI model is configured', { type: 'ai_reply', message_id: 'm0', reply_to: q.id, model: null });
    const old = reply('first try', q);
    const newer = reply('second try', q);
    const now = user('next');
    const { messages } = buildHistory([cmd, out, q, none, old, newer, now], new ToolNameTable([]), 10_000);
    assert.deepEqual(messages.map((m) => [m.role, m.content]), [
      ['user', '/echo text=hi'],
      ['user', '[I ran the tool echo]\nhi'],
      ['user', 'hello'],
      ['assistant', 'second try'],
      ['user', 'next'],
    ]);
  });

  it('drops the oldest turns first to fit the budget, whole, and never the current one', () => {
    const turns = [user('a'.repeat(500)), user('b'.repeat(500)), user('c'.repeat(500))];
    const fit = buildHistory(turns, new ToolNameTable([]), 1200);
    assert.equal(fit.droppedTurns, 1);
    assert.deepEqual(fit.messages.map((m) => String(m.content)[0]), ['b', 'c']);
    const tight = buildHistory(turns, new ToolNameTable([]), 10);
    assert.equal(tight.droppedTurns, 2);
    assert.equal(tight.messages.length, 1);
  });
});

describe('toolResultText', () => {
  it('says what a failed run did, and gives structured content as JSON', () => {
    assert.equal(toolResultText({ success: true, output: '' }), '(the tool succeeded with no output)');
    assert.equal(
      toolResultText({ success: false, output: 'partial', error: { code: 'DENIED', message: 'the user denied this call' } }),
      'The tool failed (DENIED): the user denied this call\nOutput before it failed:\npartial',
    );
    assert.equal(toolResultText({ success: true, output: 'ok', structured: { n: 1 } }), 'ok\nStructured content: {"n":1}');
  });
});

describe('toolResultText with MCP content', () => {
  it('gives the model what is for it: text, placeholders for media, embedded text, structured JSON and warnings; not what is the user’s only', () => {
    const text = toolResultText({
      success: true,
      output: 'Forecast ready',
      content: [
        { type: 'image', data: 'A'.repeat(4000), mimeType: 'image/png' },
        { type: 'audio', mimeType: 'audio/wav', omitted: { field: 'data', chars: 4_000_000, limit: 2_000_000 } },
        { type: 'text', text: 'for the user only', annotations: { audience: ['user'] } },
        { type: 'text', text: 'raw numbers: 1 2 3', annotations: { audience: ['assistant'] } },
        { type: 'resource_link', uri: 'file:///report.csv', name: 'report.csv', mimeType: 'text/csv' },
        { type: 'resource', resource: { uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' } },
      ],
      structured: { temp: 3 },
      warnings: ['structuredContent does not match the tool\'s outputSchema: temp must be string'],
    });
    assert.equal(
      text,
      [
        'Forecast ready',
        '[image: image/png, 3.0 kB]',
        '[audio: audio/wav, not kept: 3.0 MB passed limits.resultContentChars (2000000)]',
        'raw numbers: 1 2 3',
        '[resource link: report.csv <file:///report.csv> (text/csv)]',
        '[embedded resource: <file:///notes.md> (text/markdown)]\n# Notes',
        'Structured content: {"temp":3}',
        "Warning: structuredContent does not match the tool's outputSchema: temp must be string",
      ].join('\n'),
    );
  });
});
