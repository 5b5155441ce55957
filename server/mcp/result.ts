import type { ToolCallResult } from '../tools/types';

/** An MCP tool result as the executor wants it: text to stream, other content kept as given. */
export function toCallResult(raw: { content?: unknown; isError?: unknown; structuredContent?: unknown; toolResult?: unknown }): ToolCallResult {
  // Old servers may answer with the deprecated { toolResult } shape.
  const result = 'content' in raw && Array.isArray(raw.content)
    ? { content: raw.content, isError: raw.isError === true, structuredContent: raw.structuredContent }
    : { content: [{ type: 'text', text: JSON.stringify(raw.toolResult) }], isError: false, structuredContent: undefined };
  const texts: string[] = [];
  const other: Record<string, unknown>[] = [];
  for (const item of result.content as Record<string, unknown>[]) {
    if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
    else other.push(item);
  }
  const text = texts.join('\n');
  return {
    isError: result.isError === true,
    text,
    content: other.length > 0 ? other : undefined,
    structuredContent: result.structuredContent,
    errorMessage: result.isError ? text || 'the tool reported an error' : undefined,
  };
}
