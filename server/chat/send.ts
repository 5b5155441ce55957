import type { SendInput, SendResult } from '../../shared/api';
import type { MessageMetadata, ToolCommandMetadata } from '../../shared/fragments';
import { detectCommand } from '../commands/detect';
import { PROMPT_COMMAND } from '../../shared/mcpFeatures';
import { AppError } from '../errors/appError';
import { sendPrompt } from '../prompts/send';
import { queuedRunResult, submitRun } from '../runs/submit';
import type { Services } from '../services';
import { newId } from '../store/db';

/** The message's first 60 characters; a surrogate pair is never halved (half of one cannot be stored). */
const titleOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 60).replace(/[\ud800-\udbff]$/, '') || 'New conversation';

/**
 * chat.send: a tool command goes through submitRun (checked, then stored and queued); other text is
 * stored and answered on a reply stream. Refusals are AppErrors; nothing is stored for them.
 */
export async function send(input: SendInput, services: Services, baseUrl: string): Promise<SendResult> {
  const { conversations } = services;
  checkMessageSize(input.content, services.config.limits.messageChars);
  if (input.conversationId && !conversations.get(input.conversationId)) {
    throw new AppError('NOT_FOUND', `conversation ${input.conversationId} does not exist`);
  }
  const detected = detectCommand(input.content);
  // `/prompt …` is not a tool: no builtin may take that name (ToolRegistry.addBuiltin).
  if (detected.kind === 'command' && detected.tool === PROMPT_COMMAND) return sendPrompt(input, detected.rawArgs, services);
  if (detected.kind === 'command') {
    const execution = await submitRun(services, detected, (call) =>
      storeUserFragment(services, input, input.content, { type: 'tool_command', tool: call.tool, parameters: call.parameters }),
    );
    return queuedRunResult(execution, baseUrl);
  }
  // A command is checked for storage in submitRun, with every other check; a message here.
  services.storage.check();
  // A plain message's reply stream id is known up front, so the user's fragment can point at it
  // (a page reloaded mid-reply finds the reply from the fragment).
  const messageId = newId('msg');
  const stored = storeUserFragment(services, input, detected.text, { type: 'message', message_id: messageId });
  services.replies.start({ ...stored, messageId });
  return { type: 'chat', messageId, ...stored };
}

/** A message beyond limits.messageChars is refused before anything else is looked at. */
export function checkMessageSize(content: string, max: number): void {
  if (content.length > max) {
    throw new AppError(
      'MESSAGE_TOO_LARGE',
      `the message is ${content.length} characters; the limit is ${max} (limits.messageChars in fragments.config.json)`,
    );
  }
}

/** Stores the user's message in its conversation (a new one unless given) and session, in one transaction. */
export function storeUserFragment(services: Services, input: SendInput, content: string, metadata: MessageMetadata | ToolCommandMetadata) {
  const { db, conversations, fragments } = services;
  return db.transaction(() => {
    const sessionId = conversations.ensureSession(input.sessionId);
    const conversationId = input.conversationId ?? conversations.create(titleOf(input.content)).id;
    conversations.touch(conversationId);
    const fragment = fragments.add({ conversationId, sessionId, role: 'user', content, metadata });
    return { sessionId, conversationId, userFragmentId: fragment.id };
  })();
}
