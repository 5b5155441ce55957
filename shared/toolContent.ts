/**
 * MCP content items as `tool_complete.result.content` carries them (text, image, audio,
 * resource_link, resource), and who each is for. The server and the card read them through these
 * helpers only, so "for the user", "for the model" and the display order mean one thing everywhere.
 */
import { z } from 'zod';

/** One MCP content item, kept as the server sent it (unknown fields included). */
export type ContentItem = Record<string, unknown>;

/**
 * What the server put in place of a payload it did not keep (limits.resultContentChars): the field
 * that was dropped (`data` of an image or audio item, `text` of a text item, `resource.blob` or
 * `resource.text` of an embedded resource; `item` when even the rest was too large and only `type`
 * stays), its size in characters, and the limit. The rest of the item stays.
 */
export const OmittedSchema = z.object({
  field: z.enum(['data', 'text', 'resource.blob', 'resource.text', 'item']),
  chars: z.number().int().min(0),
  limit: z.number().int().min(0),
});
export type Omitted = z.infer<typeof OmittedSchema>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function annotationsOf(item: ContentItem): Record<string, unknown> {
  const annotations = item.annotations;
  return typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : {};
}

/** `annotations.audience` as a list; null when the item does not restrict its audience (or says so in a shape we cannot read). */
function audienceOf(item: ContentItem): string[] | null {
  const audience = annotationsOf(item).audience;
  if (!Array.isArray(audience) || audience.length === 0) return null;
  return audience.filter((role): role is string => typeof role === 'string');
}

/** Shown to the user by default: no audience, or one that names `user`. */
export function isForUser(item: ContentItem): boolean {
  const audience = audienceOf(item);
  return audience === null || audience.includes('user');
}

/** Sent to the model: no audience, or one that names `assistant`. */
export function isForModel(item: ContentItem): boolean {
  const audience = audienceOf(item);
  return audience === null || audience.includes('assistant');
}

/** `annotations.priority` (0 least, 1 most important); an item without one counts as 0.5, the middle. */
export function priorityOf(item: ContentItem): number {
  const priority = annotationsOf(item).priority;
  return typeof priority === 'number' && Number.isFinite(priority) ? priority : 0.5;
}

/** Most important first; items of equal priority keep the tool's order. */
export function byPriority(items: readonly ContentItem[]): ContentItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => priorityOf(b.item) - priorityOf(a.item) || a.index - b.index)
    .map(({ item }) => item);
}

/** The payload a server dropped from this item, if it did. */
export function omittedOf(item: ContentItem): Omitted | null {
  const parsed = OmittedSchema.safeParse(item.omitted);
  return parsed.success ? parsed.data : null;
}

/** Bytes a base64 payload decodes to (about: padding and whitespace aside). */
export function base64Bytes(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

/** 1234567 → "1.2 MB": sizes for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** About how large the dropped payload was: base64 fields decoded, text as it is. */
export function omittedBytes(omitted: Omitted): number {
  return omitted.field === 'data' || omitted.field === 'resource.blob' ? base64Bytes(omitted.chars) : omitted.chars;
}

/** The resource an embedded-resource item holds, or null. */
export function embeddedOf(item: ContentItem): ContentItem | null {
  const resource = item.resource;
  return item.type === 'resource' && typeof resource === 'object' && resource !== null ? (resource as ContentItem) : null;
}

/** A short line naming a non-text item (what the model reads in place of media; what a card says of one it cannot show). */
export function describeItem(item: ContentItem): string {
  const omitted = omittedOf(item);
  const notKept = omitted ? `, not kept: ${formatBytes(omittedBytes(omitted))} passed limits.resultContentChars (${omitted.limit})` : '';
  switch (item.type) {
    case 'image':
    case 'audio': {
      const size = str(item.data) === undefined ? '' : `, ${formatBytes(base64Bytes((item.data as string).length))}`;
      return `[${item.type}: ${str(item.mimeType) ?? 'unknown type'}${size}${notKept}]`;
    }
    case 'text':
      return `[text${notKept}]`;
    case 'resource_link':
      return `[resource link: ${str(item.name) ?? str(item.uri) ?? '?'} <${str(item.uri) ?? '?'}>${str(item.mimeType) ? ` (${str(item.mimeType)})` : ''}]`;
    case 'resource': {
      const resource = embeddedOf(item) ?? {};
      const blob = str(resource.blob);
      const size = blob === undefined ? '' : `, ${formatBytes(base64Bytes(blob.length))} binary`;
      return `[embedded resource: <${str(resource.uri) ?? '?'}>${str(resource.mimeType) ? ` (${str(resource.mimeType)})` : ''}${size}${notKept}]`;
    }
    default:
      return `[${str(item.type) ?? 'unknown'} content]`;
  }
}
