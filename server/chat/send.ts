import { TRPCError } from '@trpc/server';
import type { SendInput, SendResult } from '../../shared/api';
import type { MessageMetadata, ToolCommandMetadata } from '../../shared/fragments';
import { newId } from '../store/db';
import { detectCommand } from '../commands/detect';
import { CommandError } from '../commands/errors';
import { resolveMessage, type Resolved } from '../commands/resolve';
import type { Services } from '../services';

/** Makes sure a command's MCP server is connected (it may have crashed or never started) before we judge the command. */
async function reconnectServerOf(content: string, services: Services): Promise<void> {
  const detected = detectCommand(content);
  if (detected.kind !== 'command' || !detected.tool.includes('.')) return;
  const connection = services.mcp.get(detected.tool.slice(0, detected.tool.indexOf('.')));
  if (!connection || connection.state === 'connected') return;
  try {
    await connection.connect();
  } catch (error) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: (error as Error).message });
  }
}

function resolve(content: string, services: Services): Resolved {
  const { registry, validator } = services;
  try {
    return resolveMessage(content, registry, validator);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  }
}

const titleOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 60) || 'New conversation';

/**
 * chat.send: a tool command is checked (tool, arguments, queue room) before anything is stored,
 * then stored and queued; other text is stored and answered on a reply stream.
 */
export async function send(input: SendInput, services: Services, baseUrl: string): Promise<SendResult> {
  await reconnectServerOf(input.content, services);
  const resolved = resolve(input.content, services);
  const { db, conversations, fragments, executor } = services;
  if (resolved.kind === 'command' && !executor.hasRoom()) {
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'the tool queue is full; wait for running tools to finish or raise queue.maxQueued' });
  }
  if (input.conversationId && !conversations.get(input.conversationId)) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `conversation ${input.conversationId} does not exist` });
  }
  // A plain message's reply stream id is known up front, so the user's fragment can point at it
  // (a page reloaded mid-reply finds the reply from the fragment).
  const messageId = resolved.kind === 'text' ? newId('msg') : '';
  const metadata: MessageMetadata | ToolCommandMetadata =
    resolved.kind === 'text'
      ? { type: 'message', message_id: messageId }
      : { type: 'tool_command', tool: resolved.tool, parameters: resolved.parameters };
  const stored = db.transaction(() => {
    const sessionId = conversations.ensureSession(input.sessionId);
    const conversationId = input.conversationId ?? conversations.create(titleOf(input.content)).id;
    conversations.touch(conversationId);
    const fragment = fragments.add({
      conversationId,
      sessionId,
      role: 'user',
      content: resolved.kind === 'text' ? resolved.text : input.content,
      metadata,
    });
    return { sessionId, conversationId, userFragmentId: fragment.id };
  })();

  if (resolved.kind === 'text') {
    services.replies.start({ ...stored, messageId });
    return { type: 'chat', messageId, ...stored };
  }
  const execution = executor.submit({ ...stored, tool: resolved.tool, parameters: resolved.parameters });
  return { type: 'tool_execution', executionId: execution.id, streamUrl: streamUrlFor(baseUrl, execution.id), ...stored };
}

/** A URL that a plain EventSource or `curl -N` can read: tRPC's own SSE endpoint for chat.streamTool. */
export function streamUrlFor(baseUrl: string, executionId: string): string {
  return `${baseUrl}/trpc/chat.streamTool?input=${encodeURIComponent(JSON.stringify({ executionId }))}`;
}
