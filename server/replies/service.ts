import type { Config } from '../config/schema';
import type { Db } from '../store/db';
import type { AiReplyMetadata } from '../../shared/fragments';
import type { FragmentStore } from '../store/fragments';
import type { StreamLog } from '../streams/log';

export interface ReplyRequest {
  messageId: string;
  conversationId: string;
  sessionId: string;
  userFragmentId: string;
}

const NOT_CONFIGURED =
  'No AI model is configured, so plain messages get no answer yet. Set OPENAI_BASE_URL, OPENAI_API_KEY and ' +
  'FRAGMENTS_MODEL (or "ai" in fragments.config.json) to talk to any OpenAI-compatible server. ' +
  'Tool commands work without one: type / to see them.';

/**
 * The assistant's reply to a plain message, streamed through the same event log as tool output.
 * Until a provider is wired in, the reply says plainly that none is configured.
 */
export class ReplyService {
  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly fragments: FragmentStore,
    private readonly config: Config,
  ) {}

  start(request: ReplyRequest): void {
    const { messageId } = request;
    this.log.create(messageId, 'reply');
    const text = NOT_CONFIGURED;
    const fragment = this.db.transaction(() =>
      this.fragments.add({
        conversationId: request.conversationId,
        sessionId: request.sessionId,
        role: 'assistant',
        content: text,
        metadata: {
          type: 'ai_reply',
          message_id: messageId,
          reply_to: request.userFragmentId,
          model: this.config.ai.model ?? null,
        } satisfies AiReplyMetadata,
      }),
    )();
    this.log.append(messageId, { type: 'reply_delta', content: text });
    this.log.append(messageId, { type: 'reply_complete', fragmentId: fragment.id });
    this.log.append(messageId, { type: 'done' });
  }

  /** Replies a previous process left unfinished end with a recoverable error. */
  recover(): number {
    const left = this.log.unfinishedStreamIds('reply');
    for (const id of left) {
      this.log.reopen(id);
      this.log.append(id, {
        type: 'reply_error',
        error: { message: 'the server restarted while this reply was being written', code: 'SERVER_RESTARTED', recoverable: true },
      });
      this.log.append(id, { type: 'done' });
    }
    return left.length;
  }
}
