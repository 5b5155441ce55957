import type { ResourceContent } from '../../../shared/mcpFeatures';

/**
 * How one resource's contents are shown, decided once here from untrusted data:
 * - `text` (or a base64 blob whose mime type is text) is shown as text, never parsed as HTML;
 * - a raster image (png, jpeg, gif, webp, avif, bmp) is shown from a data URL of its blob;
 * - anything else, SVG included (it can carry script), is offered as a download only, as
 *   application/octet-stream so the browser never renders it.
 */
export type ResourceDisplay =
  | { kind: 'text'; text: string }
  | { kind: 'image'; src: string; mimeType: string }
  | { kind: 'download'; bytes: number };

const SAFE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const isTextMime = (mime: string | undefined) =>
  mime === undefined ||
  mime.startsWith('text/') ||
  /^application\/(json|xml|yaml|x-yaml|javascript|x-sh|toml)$/.test(mime) ||
  mime.endsWith('+json') ||
  (mime.endsWith('+xml') && mime !== 'image/svg+xml');

const mimeOf = (content: ResourceContent) => content.mimeType?.split(';')[0]?.trim().toLowerCase();

export function decodeBase64(blob: string): Uint8Array {
  const binary = atob(blob.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function displayOf(content: ResourceContent): ResourceDisplay {
  const mime = mimeOf(content);
  if (content.text !== undefined) return { kind: 'text', text: content.text };
  const blob = (content.blob ?? '').replace(/\s+/g, '');
  if (!BASE64.test(blob)) return { kind: 'text', text: '(the server sent a blob that is not base64)' };
  if (mime && SAFE_IMAGES.has(mime)) return { kind: 'image', src: `data:${mime};base64,${blob}`, mimeType: mime };
  // A text blob without a mime type is still binary to us: only a declared text type is decoded.
  if (mime && isTextMime(mime)) return { kind: 'text', text: new TextDecoder().decode(decodeBase64(blob)) };
  return { kind: 'download', bytes: Math.floor((blob.replace(/=+$/, '').length * 3) / 4) };
}

/** The file name a download gets: the URI's last path segment, or "resource". */
export function fileNameOf(uri: string): string {
  const last = (uri.split(/[?#]/)[0] ?? '').split('/').filter(Boolean).at(-1) ?? '';
  const safe = last.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return safe && !/^[a-z][a-z0-9+.-]*:$/i.test(last) ? safe : 'resource';
}

/** The MCP server of a tool named `<server>.<tool>` (a builtin has none). */
export function serverOfTool(tool: string): string | undefined {
  const dot = tool.indexOf('.');
  return dot > 0 ? tool.slice(0, dot) : undefined;
}
