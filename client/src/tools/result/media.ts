/**
 * Which media a card loads from a tool's result, as a data: URL. Only raster images and common
 * audio types: their decoders run no code. SVG is never rendered from a tool's data (it is a
 * document that can hold scripts and external references, and we do not sanitize it): the card
 * names it and its size instead. The data must be plain base64, so nothing else rides along.
 */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
const AUDIO_TYPES = new Set(['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/mpeg', 'audio/mp3', 'audio/ogg', 'audio/webm', 'audio/mp4', 'audio/aac', 'audio/flac']);

/** The data: URL to show, or null when this type is not shown (or the data is not base64). */
export function mediaUrl(kind: 'image' | 'audio', mimeType: unknown, data: unknown): string | null {
  if (typeof mimeType !== 'string' || typeof data !== 'string' || data.length === 0) return null;
  const type = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (!(kind === 'image' ? IMAGE_TYPES : AUDIO_TYPES).has(type)) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  return `data:${type};base64,${data}`;
}
