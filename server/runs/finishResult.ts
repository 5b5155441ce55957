/**
 * A tool's result made ready to store, once, before it is written to the run's fragment and its
 * `tool_complete` (record.ts writes the same object to both, so live, resumed and replayed streams
 * and the history all read the same thing). Two things happen here:
 * - `structuredContent` is checked against the tool's `outputSchema` (tools/outputCheck.ts);
 *   what is wrong becomes `warnings`, never a failed run.
 * - limits.resultContentChars bounds what the result keeps besides its text output (which has
 *   limits.outputKeptChars): structuredContent first, then each content item in order, measured as
 *   JSON. An item past what is left loses its payload (an image's `data`, an embedded resource's
 *   `blob` or `text`) and says so in `omitted`; structuredContent past it is dropped with a warning.
 *   A huge image is a note on the card, not a crash and not megabytes in every replay.
 */
import type { ContentItem, Omitted } from '../../shared/toolContent';
import type { Tool, ToolCallResult } from '../tools/types';
import type { OutputSchemaCheck } from '../tools/outputCheck';

type PayloadField = Omitted['field'];

/** The field that holds an item's payload, and its value when it is a string. */
function payloadOf(item: ContentItem): { field: PayloadField; chars: number } | null {
  if ((item.type === 'image' || item.type === 'audio') && typeof item.data === 'string') return { field: 'data', chars: item.data.length };
  if (item.type === 'text' && typeof item.text === 'string') return { field: 'text', chars: item.text.length };
  const resource = item.type === 'resource' && typeof item.resource === 'object' && item.resource !== null ? (item.resource as ContentItem) : null;
  if (resource && typeof resource.blob === 'string') return { field: 'resource.blob', chars: resource.blob.length };
  if (resource && typeof resource.text === 'string') return { field: 'resource.text', chars: resource.text.length };
  return null;
}

function withoutPayload(item: ContentItem, field: PayloadField, omitted: Omitted): ContentItem {
  if (field === 'resource.blob' || field === 'resource.text') {
    const { [field === 'resource.blob' ? 'blob' : 'text']: _dropped, ...resource } = item.resource as ContentItem;
    return { ...item, resource, omitted };
  }
  const { [field]: _dropped, ...rest } = item;
  return { ...rest, omitted };
}

/** Keeps what fits in `limit` characters of JSON; see the file's comment. */
export function boundResult(result: ToolCallResult, limit: number): ToolCallResult {
  let left = limit;
  const warnings: string[] = [];
  let structuredContent = result.structuredContent;
  if (structuredContent !== undefined) {
    const chars = JSON.stringify(structuredContent)?.length ?? 0;
    if (chars > left) {
      warnings.push(`structuredContent (${chars} characters) passed limits.resultContentChars (${limit}) and was not kept`);
      structuredContent = undefined;
    } else left -= chars;
  }
  const content = result.content?.map((item) => {
    const chars = JSON.stringify(item).length;
    if (chars <= left) {
      left -= chars;
      return item;
    }
    const payload = payloadOf(item);
    let kept = payload ? withoutPayload(item, payload.field, { field: payload.field, chars: payload.chars, limit }) : item;
    // Even without its payload the item does not fit (a server sending megabytes of metadata): its type only.
    if (!payload || JSON.stringify(kept).length > left) kept = { type: item.type, omitted: { field: 'item', chars, limit } };
    left = Math.max(0, left - JSON.stringify(kept).length);
    return kept;
  });
  return {
    ...result,
    ...(content === undefined ? {} : { content }),
    structuredContent,
    ...(warnings.length > 0 || result.warnings ? { warnings: [...(result.warnings ?? []), ...warnings] } : {}),
  };
}

/** The outputSchema check, then the bound: what the run records. */
export function finishResult(tool: Tool, result: ToolCallResult, check: OutputSchemaCheck, limit: number): ToolCallResult {
  const warnings = check.check(tool.name, tool.outputSchema, result);
  const checked = warnings.length > 0 ? { ...result, warnings: [...(result.warnings ?? []), ...warnings] } : result;
  return boundResult(checked, limit);
}
