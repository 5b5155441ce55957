/**
 * One turn of the conversation with the model: stream its answer into the reply's log as it
 * comes, run the tools it calls (through submitRun, like any other run), give it their results,
 * and go round again until it answers without calling a tool. Never throws: how the turn ended is
 * in the outcome, and the caller records it.
 */
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ReplyEvent, StreamError } from '../../shared/events';
import type { ReplyCallPlace } from '../../shared/fragments';
import { AppError } from '../errors/appError';
import type { Services } from '../services';
import { buildHistory } from './history';
import { describeProviderError, type AiConfig } from './provider';
import type { ReplyRequest } from './service';
import { startToolCalls, type ModelCall } from './toolCalls';
import { ToolNameTable } from './toolNames';

export interface Turn {
  services: Services;
  client: OpenAI;
  ai: AiConfig;
  request: ReplyRequest;
  signal: AbortSignal;
  emit(event: ReplyEvent): void;
  /** Executions the model started, in order (the caller cancels those still running on a stop). */
  toolCalls: string[];
  /** Every call, run or refused, with the reply's text length when it was made (metadata `tool_call_places`). */
  places: ReplyCallPlace[];
}

export interface TurnOutcome {
  text: string;
  droppedTurns: number;
  error?: StreamError;
}

export async function runTurn(turn: Turn): Promise<TurnOutcome> {
  const { services, ai, request } = turn;
  const outcome: TurnOutcome = { text: '', droppedTurns: 0 };
  try {
    const names = new ToolNameTable(services.registry.names());
    const tools: ChatCompletionTool[] = services.registry.all().map((tool) => ({
      type: 'function',
      function: { name: names.apiName(tool.name), description: tool.description, parameters: tool.inputSchema },
    }));
    const user = services.fragments.get(request.userFragmentId);
    if (!user) throw new AppError('NOT_FOUND', `message ${request.userFragmentId} does not exist`);
    const earlier = services.fragments.list({ conversationId: request.conversationId, before: user.id, limit: 1000, maxContentChars: ai.contextBudgetChars });
    const history = buildHistory([...earlier, user], names, ai.contextBudgetChars, ai.systemPrompt);
    outcome.droppedTurns = history.droppedTurns;
    const messages = history.messages;

    for (let round = 0; ; round++) {
      const answer = await streamRound(turn, messages, tools, outcome);
      if (answer.calls.length === 0) return outcome;
      if (round >= ai.maxToolRounds) {
        throw new AppError('TOO_MANY_TOOL_ROUNDS', `the model asked for tools more than ${ai.maxToolRounds} times in one reply (ai.maxToolRounds); the reply stops here`);
      }
      messages.push({ role: 'assistant', content: answer.text || null, tool_calls: answer.calls.map(asToolCall) });
      const results = await startToolCalls(turn, names, answer.calls, outcome.text.length);
      for (const [i, call] of answer.calls.entries()) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: (await results[i]) ?? '' });
      }
    }
  } catch (error) {
    outcome.error = describeProviderError(turn.signal.aborted ? turn.signal.reason : error, ai);
    return outcome;
  }
}

const asToolCall = (call: ModelCall): ChatCompletionMessageToolCall => ({
  id: call.id,
  type: 'function',
  function: { name: call.name, arguments: call.arguments },
});

/** One request: its text streams out as reply_delta; tool-call deltas (split over chunks, by index) are put together. */
async function streamRound(
  turn: Turn,
  messages: ChatCompletionMessageParam[],
  tools: ChatCompletionTool[],
  outcome: TurnOutcome,
): Promise<{ text: string; calls: ModelCall[] }> {
  const { ai } = turn;
  const controller = new AbortController();
  const onAbort = () => controller.abort(turn.signal.reason);
  turn.signal.addEventListener('abort', onAbort, { once: true });
  if (turn.signal.aborted) onAbort();
  const noFirstToken = setTimeout(
    () =>
      controller.abort(
        new AppError('NO_FIRST_TOKEN', `the AI provider sent nothing within ${ai.firstTokenTimeoutMs} ms (ai.firstTokenTimeoutMs); it may still be loading the model — retry`, { recoverable: true }),
      ),
    ai.firstTokenTimeoutMs,
  );
  // Armed by the first token, pushed back by every chunk after it: a provider that goes quiet
  // mid-reply with the connection open would otherwise be waited on until Stop.
  let idle: NodeJS.Timeout | undefined;
  const stillAlive = () => {
    if (idle) idle.refresh();
    else
      idle = setTimeout(
        () =>
          controller.abort(
            new AppError('PROVIDER_IDLE', `the AI provider stopped sending mid-reply: nothing for ${ai.idleTimeoutMs} ms (ai.idleTimeoutMs); the text so far is kept — retry`, { recoverable: true }),
          ),
        ai.idleTimeoutMs,
      );
  };
  let text = '';
  let finish: string | null = null;
  const calls = new Map<number, ModelCall>();
  try {
    const stream = await turn.client.chat.completions.create(
      { model: ai.model ?? '', messages, stream: true, ...(tools.length > 0 ? { tools } : {}) },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      // A token is text, a tool call or the end; the role-only chunk servers send at once is not one.
      if (choice.delta?.content || choice.delta?.tool_calls?.length || choice.finish_reason) clearTimeout(noFirstToken);
      if (idle || choice.delta?.content || choice.delta?.tool_calls?.length) stillAlive();
      const content = choice.delta?.content;
      if (content) {
        // A new round's text starts on its own paragraph after the previous round's.
        const lead = text === '' && outcome.text !== '' && !outcome.text.endsWith('\n') ? '\n\n' : '';
        text += content;
        outcome.text += lead + content;
        turn.emit({ type: 'reply_delta', content: lead + content });
      }
      for (const delta of choice.delta?.tool_calls ?? []) {
        const index = delta.index ?? calls.size;
        const call = calls.get(index) ?? { id: '', name: '', arguments: '' };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) call.arguments += delta.function.arguments;
        calls.set(index, call);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    if (!finish) throw new AppError('STREAM_CUT', 'the AI provider ended the stream before the reply was finished (no finish reason): retry', { recoverable: true });
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(noFirstToken);
    clearTimeout(idle);
    turn.signal.removeEventListener('abort', onAbort);
  }
  const ordered = [...calls.entries()].sort(([a], [b]) => a - b).map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
  return { text, calls: ordered };
}
