/**
 * chat.send of `/prompt <server>.<prompt> <args>`: the prompt is checked (resolve.ts), fetched
 * with prompts/get, and its messages become the user's turn: stored as the user's fragment (its
 * text, with the prompt, arguments and messages in metadata) and answered by the model like any
 * message. A refusal at any step stores nothing.
 */
import type { SendInput, SendResult } from '../../shared/api';
import { AppError } from '../errors/appError';
import type { Services } from '../services';
import { newId } from '../store/db';
import { checkMessageSize, storeUserFragment } from '../chat/send';
import { promptMessages, promptText } from './messages';
import { resolvePrompt } from './resolve';

export async function sendPrompt(input: SendInput, rawArgs: string, services: Services): Promise<SendResult> {
  // A server that is not connected (it failed at start, or crashed) is tried again now, as a tool
  // call would: its prompts are known only once it is, and if it still fails the refusal says why.
  const named = services.mcp.get(/^([^.\s]+)\./.exec(rawArgs)?.[1] ?? '');
  if (named && named.state !== 'connected') await named.connect();
  const checked = resolvePrompt(rawArgs, services.mcp, services.validator);
  const connection = services.mcp.get(checked.prompt.server);
  if (!connection) throw new AppError('UNKNOWN_PROMPT', `no MCP server named "${checked.prompt.server}" is configured`);
  const result = await connection.getPrompt(checked.prompt.prompt, checked.arguments);
  const messages = promptMessages(result);
  if (messages.length === 0) throw new AppError('MCP_REQUEST_FAILED', `the prompt "${checked.prompt.name}" gave no messages, so there is nothing to send`);
  const text = promptText(messages);
  checkMessageSize(text, services.config.limits.messageChars);
  // prompts/get took a while: the conversation may have gone meanwhile.
  if (input.conversationId && !services.conversations.get(input.conversationId)) {
    throw new AppError('NOT_FOUND', `conversation ${input.conversationId} does not exist`);
  }
  services.storage.check();
  const messageId = newId('msg');
  const prompt = { name: checked.prompt.name, arguments: checked.arguments, messages };
  const stored = storeUserFragment(services, input, text, { type: 'message', message_id: messageId, prompt });
  services.replies.start({ ...stored, messageId });
  return { type: 'chat', messageId, ...stored };
}
