import { isForModel, isForUser, type ContentItem } from '../../shared/toolContent';
import type { ToolCallResult } from '../tools/types';

/**
 * An MCP tool result as the executor wants it. Text meant for both the user and the model (no
 * `annotations.audience`, the usual case) becomes the run's output, as it always has; every other
 * item — images, audio, resource links, embedded resources, and text for only one of them — is
 * kept in `content`, in the tool's order, so the card and the model each read what is theirs
 * (shared/toolContent.ts). `structuredContent` is kept as given; runs/finishResult checks it.
 */
export function toCallResult(raw: { content?: unknown; isError?: unknown; structuredContent?: unknown; toolResult?: unknown }): ToolCallResult {
  // Old servers may answer with the deprecated { toolResult } shape.
  const result = 'content' in raw && Array.isArray(raw.content)
    ? { content: raw.content, isError: raw.isError === true, structuredContent: raw.structuredContent }
    : { content: [{ type: 'text', text: JSON.stringify(raw.toolResult) }], isError: false, structuredContent: undefined };
  const texts: string[] = [];
  const other: ContentItem[] = [];
  for (const item of result.content as ContentItem[]) {
    if (typeof item !== 'object' || item === null) continue;
    if (item.type === 'text' && typeof item.text === 'string' && isForUser(item) && isForModel(item)) texts.push(item.text);
    else other.push(item);
  }
  const text = texts.join('\n');
  // A failed call says why in its text; text kept for one audience still explains it to the user.
  const reason = text || other.filter((item) => item.type === 'text' && typeof item.text === 'string').map((item) => item.text as string).join('\n');
  return {
    isError: result.isError === true,
    text,
    content: other.length > 0 ? other : undefined,
    structuredContent: result.structuredContent,
    errorMessage: result.isError ? reason || 'the tool reported an error' : undefined,
  };
}

/** A tool's name for people: MCP `title`, else `annotations.title` (older servers); absent when it has neither. */
export function titleOf(tool: { title?: unknown; annotations?: unknown }): { title?: string } {
  const annotations = typeof tool.annotations === 'object' && tool.annotations !== null ? (tool.annotations as { title?: unknown }) : {};
  const title = typeof tool.title === 'string' && tool.title.trim() ? tool.title : typeof annotations.title === 'string' && annotations.title.trim() ? annotations.title : undefined;
  return title === undefined ? {} : { title };
}
