/**
 * A prompts/get result as the messages of the user's turn. The model is spoken to in text only
 * (the app's provider is any Chat Completions server, many without images), so every content item
 * becomes text: text as it is, an embedded text resource (or a base64 one whose mime type is text)
 * with its URI above it, and a note in place of what cannot be text (an image, audio, a binary
 * resource, a resource link), saying what was left out. Roles are kept: an assistant-role message
 * goes to the model as the assistant's; neighbours of one role are joined into one message.
 */
import type { PromptMessage } from '../../shared/mcpFeatures';

type Item = Record<string, unknown>;

const isTextMime = (mime: unknown) => typeof mime === 'string' && (mime.startsWith('text/') || /^application\/(json|xml|yaml|x-yaml|javascript)\b/.test(mime) || mime.endsWith('+json') || mime.endsWith('+xml'));
const bytesOf = (base64: string) => Math.floor((base64.replace(/=+$/, '').length * 3) / 4);

export function itemText(item: Item): string {
  switch (item.type) {
    case 'text':
      return String(item.text ?? '');
    case 'resource': {
      const resource = (item.resource ?? {}) as Item;
      const uri = String(resource.uri ?? '');
      const mime = typeof resource.mimeType === 'string' ? ` (${resource.mimeType})` : '';
      if (typeof resource.text === 'string') return `Resource ${uri}${mime}:\n${resource.text}`;
      if (typeof resource.blob === 'string' && isTextMime(resource.mimeType)) return `Resource ${uri}${mime}:\n${Buffer.from(resource.blob, 'base64').toString('utf8')}`;
      return `[binary resource ${uri}${mime}, ${bytesOf(String(resource.blob ?? ''))} bytes: left out, the model reads text only]`;
    }
    case 'resource_link':
      return `[resource link: ${String(item.name ?? item.uri ?? '')} ${String(item.uri ?? '')}]`;
    case 'image':
    case 'audio':
      return `[${item.type} (${String(item.mimeType ?? 'unknown type')}, ${bytesOf(String(item.data ?? ''))} bytes): left out, the model reads text only]`;
    default:
      return `[${String(item.type)} content: left out, the app does not know this kind]`;
  }
}

export function promptMessages(result: { messages: Array<{ role: string; content: unknown }> }): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (const message of result.messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const items = Array.isArray(message.content) ? (message.content as Item[]) : [message.content as Item];
    const text = items.map(itemText).filter((part) => part !== '').join('\n\n');
    if (text === '') continue;
    const last = out.at(-1);
    if (last?.role === role) last.content += `\n\n${text}`;
    else out.push({ role, content: text });
  }
  return out;
}

/** The user's fragment shows (and search finds) every message; an assistant's is marked as such. */
export function promptText(messages: PromptMessage[]): string {
  return messages.map((message) => (message.role === 'assistant' ? `(assistant) ${message.content}` : message.content)).join('\n\n');
}
