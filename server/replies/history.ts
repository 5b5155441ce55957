/**
 * A conversation's fragments as the messages of a Chat Completions request. A turn is a user's
 * fragment and what followed it; the oldest turns are dropped first until the rest fits in
 * ai.contextBudgetChars (the current turn always stays). A model's tool calls are rebuilt from its
 * reply's `tool_calls` and the runs' tool fragments, so each call stays next to its result.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Fragment } from '../../shared/api';
import { describeItem, embeddedOf, isForModel, type ContentItem } from '../../shared/toolContent';
import { PromptUseSchema } from '../../shared/mcpFeatures';
import type { ToolNameTable } from './toolNames';

export interface History {
  messages: ChatCompletionMessageParam[];
  droppedTurns: number;
}

interface ToolRun {
  tool: string;
  parameters: Record<string, unknown>;
  success: boolean;
  output: string;
  error?: { code?: string; message?: string };
  structured?: unknown;
  content?: ContentItem[];
  warnings?: string[];
}

const meta = (fragment: Fragment) => fragment.metadata as Record<string, unknown>;

function toolRunOf(fragment: Fragment): ToolRun {
  const m = meta(fragment);
  return {
    tool: String(m.tool),
    parameters: (m.parameters as Record<string, unknown> | undefined) ?? {},
    success: m.success === true,
    output: fragment.content,
    error: m.error as ToolRun['error'],
    structured: m.structured_content,
    content: Array.isArray(m.content) ? (m.content as ContentItem[]) : undefined,
    warnings: Array.isArray(m.warnings) ? (m.warnings as string[]) : undefined,
  };
}

/**
 * What the model reads as a tool's result, as text: the output, then each content item meant for it
 * (`annotations.audience` without `assistant` is the user's only and left out) — text as it is,
 * an embedded text resource with its uri, images, audio, binary resources and links as a short
 * placeholder naming type and size (no provider is sent media) — then structuredContent as JSON,
 * the result's warnings, or what went wrong.
 */
export function toolResultText(run: Pick<ToolRun, 'success' | 'output' | 'error' | 'structured' | 'content' | 'warnings'>): string {
  const parts: string[] = [];
  if (!run.success) parts.push(`The tool failed (${run.error?.code ?? 'TOOL_ERROR'}): ${run.error?.message ?? 'no reason given'}`);
  if (run.output) parts.push(run.success ? run.output : `Output before it failed:\n${run.output}`);
  for (const item of run.content ?? []) if (isForModel(item)) parts.push(itemText(item));
  if (run.structured !== undefined) parts.push(`Structured content: ${JSON.stringify(run.structured)}`);
  for (const warning of run.warnings ?? []) parts.push(`Warning: ${warning}`);
  if (parts.length === 0) parts.push('(the tool succeeded with no output)');
  return parts.join('\n');
}

/** A content item's text goes to the model up to this many characters (the output has ai.contextBudgetChars). */
const ITEM_TEXT_CHARS = 20_000;
const clip = (text: string) => (text.length > ITEM_TEXT_CHARS ? `${text.slice(0, ITEM_TEXT_CHARS)}… (${text.length - ITEM_TEXT_CHARS} more characters not shown)` : text);

function itemText(item: ContentItem): string {
  if (item.type === 'text' && typeof item.text === 'string') return clip(item.text);
  const resource = embeddedOf(item);
  if (resource && typeof resource.text === 'string') return `${describeItem(item)}\n${clip(resource.text)}`;
  return describeItem(item);
}

const charsOf = (message: ChatCompletionMessageParam) => JSON.stringify(message).length;

/**
 * `fragments`: the conversation oldest first, ending with the user's message this reply answers.
 * Replies to an older message that was retried: only the newest one counts.
 */
export function buildHistory(fragments: Fragment[], names: ToolNameTable, budgetChars: number, systemPrompt?: string): History {
  const runs = new Map<string, ToolRun>();
  for (const fragment of fragments) {
    if (fragment.role === 'tool' && typeof meta(fragment).execution_id === 'string') runs.set(String(meta(fragment).execution_id), toolRunOf(fragment));
  }
  const modelRuns = new Set<string>();
  const latestReply = new Map<string, string>();
  for (const fragment of fragments) {
    const m = meta(fragment);
    if (fragment.role !== 'assistant' || m.type !== 'ai_reply') continue;
    for (const id of (m.tool_calls as string[] | undefined) ?? []) modelRuns.add(id);
    latestReply.set(String(m.reply_to), fragment.id);
  }

  const turns: ChatCompletionMessageParam[][] = [];
  const current = () => turns.at(-1) ?? (turns.push([]), turns.at(-1) as ChatCompletionMessageParam[]);
  for (const fragment of fragments) {
    const m = meta(fragment);
    if (fragment.role === 'user') {
      // A `/prompt` turn is the prompt's messages, each with its own role (server/prompts/messages.ts).
      const prompt = PromptUseSchema.safeParse(m.prompt);
      turns.push(prompt.success ? prompt.data.messages.map(({ role, content }) => ({ role, content })) : [{ role: 'user', content: fragment.content }]);
    } else if (fragment.role === 'tool') {
      const id = String(m.execution_id);
      if (modelRuns.has(id)) continue; // told with the reply that made the call
      const run = runs.get(id);
      if (run) current().push({ role: 'user', content: `[I ran the tool ${run.tool}]\n${toolResultText(run)}` });
    } else if (m.type === 'ai_reply' && m.model !== null && latestReply.get(String(m.reply_to)) === fragment.id) {
      current().push(...replyMessages(fragment, runs, names));
    }
  }

  const sizes = turns.map((turn) => turn.reduce((sum, message) => sum + charsOf(message), 0));
  let total = sizes.reduce((a, b) => a + b, 0);
  let dropped = 0;
  while (dropped < turns.length - 1 && total > budgetChars) total -= sizes[dropped++] ?? 0;
  const messages = turns.slice(dropped).flat();
  if (systemPrompt) messages.unshift({ role: 'system', content: systemPrompt });
  return { messages, droppedTurns: dropped };
}

function replyMessages(fragment: Fragment, runs: Map<string, ToolRun>, names: ToolNameTable): ChatCompletionMessageParam[] {
  const calls = ((meta(fragment).tool_calls as string[] | undefined) ?? []).filter((id) => runs.has(id));
  const out: ChatCompletionMessageParam[] = [];
  if (calls.length > 0) {
    out.push({
      role: 'assistant',
      content: null,
      tool_calls: calls.map((id) => {
        const run = runs.get(id) as ToolRun;
        return { id, type: 'function', function: { name: names.apiName(run.tool), arguments: JSON.stringify(run.parameters) } };
      }),
    });
    for (const id of calls) out.push({ role: 'tool', tool_call_id: id, content: toolResultText(runs.get(id) as ToolRun) });
  }
  if (fragment.content) out.push({ role: 'assistant', content: fragment.content });
  return out;
}
