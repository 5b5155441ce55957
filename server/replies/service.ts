import type OpenAI from 'openai';
import type { SendResult } from '../../shared/api';
import type { ErrorCode, ReplyEvent, StreamError } from '../../shared/events';
import type { AiReplyMetadata, ReplyCallPlace } from '../../shared/fragments';
import type { Config } from '../config/schema';
import { AppError } from '../errors/appError';
import { isStorageError } from '../storage/health';
import type { Services } from '../services';
import { newId, type Db } from '../store/db';
import type { FragmentStore } from '../store/fragments';
import type { StreamLog } from '../streams/log';
import { createClient, isConfigured } from './provider';
import { runTurn, type TurnOutcome } from './turn';

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

interface ActiveReply {
  controller: AbortController;
  toolCalls: string[];
  finished: Promise<void>;
}

/**
 * The assistant's reply to a plain message, streamed through the same event log as tool output:
 * `reply_delta`s as the model writes, `tool_call` for each tool it runs, then `reply_complete`
 * (the stored fragment), `reply_error` when it did not end well, and `done`. Stop, retry, and
 * recovery after a restart keep whatever text was written.
 */
/** What /healthz says of the provider: no detail (it needs no token), only whether replies work. */
export type ProviderState =
  | { state: 'not_configured' }
  | { state: 'configured' } // no reply has ended since start-up
  | { state: 'ok'; at: number }
  | { state: 'failing'; code: string; at: number };

/** Ends that say nothing about the provider: the user's Stop, a restart, the model's own tool loop. */
const NOT_THE_PROVIDER: ReadonlySet<string> = new Set<ErrorCode>(['CANCELLED', 'SERVER_RESTARTED', 'TOO_MANY_TOOL_ROUNDS', 'STORAGE_FULL']);

export class ReplyService {
  private readonly active = new Map<string, ActiveReply>();
  private provider: ProviderState;
  private readonly client: OpenAI | null;
  private readonly userFragmentByMessage;

  constructor(
    private readonly db: Db,
    private readonly log: StreamLog,
    private readonly fragments: FragmentStore,
    private readonly config: Config,
    private readonly services: () => Services,
  ) {
    this.client = isConfigured(config.ai) ? createClient(config.ai) : null;
    this.provider = this.client ? { state: 'configured' } : { state: 'not_configured' };
    this.userFragmentByMessage = db.prepare("SELECT id FROM fragments WHERE role = 'user' AND json_extract(metadata, '$.message_id') = ?");
    // A reply stream the disk cut off: its request stops (its end is already told to its readers).
    log.onCut((streamId, error) => this.active.get(streamId)?.controller.abort(error));
  }

  start(request: ReplyRequest): void {
    const { messageId } = request;
    this.log.create(messageId, 'reply');
    if (!this.client) {
      this.log.append(messageId, { type: 'reply_delta', content: NOT_CONFIGURED });
      this.finish(request, { text: NOT_CONFIGURED, droppedTurns: 0 }, [], []);
      return;
    }
    const controller = new AbortController();
    const toolCalls: string[] = [];
    const places: ReplyCallPlace[] = [];
    const turn = runTurn({
      services: this.services(),
      client: this.client,
      ai: this.config.ai,
      request,
      signal: controller.signal,
      emit: (event: ReplyEvent) => this.log.append(messageId, event),
      toolCalls,
      places,
    });
    const finished = turn
      .then((outcome) => {
        this.active.delete(messageId);
        this.finish(request, outcome, toolCalls, places);
      })
      // Only a closed database gets here (a shutdown that did not wait); nothing more can be recorded.
      .catch((error: unknown) => console.error(`reply ${messageId} could not be recorded: ${error instanceof Error ? error.message : String(error)}`));
    this.active.set(messageId, { controller, toolCalls, finished });
  }

  /** chat.cancelReply: aborts the upstream request and the runs the model started; false when the reply had ended. */
  cancel(messageId: string): { messageId: string; cancelled: boolean } {
    const reply = this.active.get(messageId);
    if (!reply) {
      if (this.log.kindOf(messageId) !== 'reply') throw new AppError('NOT_FOUND', `message ${messageId} does not exist`);
      return { messageId, cancelled: false };
    }
    reply.controller.abort(new AppError('CANCELLED', 'stopped by the user; the text so far is kept', { recoverable: true }));
    for (const executionId of reply.toolCalls) this.services().executor.cancel(executionId);
    return { messageId, cancelled: true };
  }

  /** chat.retryReply: the same user message answered again as a new reply; the old one stays as it was. */
  retry(messageId: string): Extract<SendResult, { type: 'chat' }> {
    if (this.log.kindOf(messageId) !== 'reply') throw new AppError('NOT_FOUND', `message ${messageId} does not exist`);
    if (this.active.has(messageId)) throw new AppError('CONFLICT', 'this reply is still being written: stop it first, then retry');
    this.log.storage.check();
    const userFragmentId = this.userFragmentOf(messageId);
    const user = userFragmentId ? this.fragments.get(userFragmentId) : undefined;
    if (!user) throw new AppError('NOT_FOUND', `the message that reply ${messageId} answered no longer exists`);
    const request = { messageId: retryId(user.id), conversationId: user.conversationId, sessionId: user.sessionId, userFragmentId: user.id };
    this.start(request);
    return { type: 'chat', ...request };
  }

  /** Replies a previous process left unfinished keep the text they streamed and end with a recoverable error. */
  recover(): number {
    const left = this.log.unfinishedStreamIds('reply');
    for (const id of left) {
      this.log.reopen(id);
      const { text, toolCalls, places } = this.written(id);
      const error: StreamError = { message: 'the server restarted while this reply was being written; the text so far is kept — retry', code: 'SERVER_RESTARTED', recoverable: true };
      const userFragmentId = this.userFragmentOf(id);
      const user = userFragmentId ? this.fragments.get(userFragmentId) : undefined;
      if (user) {
        this.finish({ messageId: id, conversationId: user.conversationId, sessionId: user.sessionId, userFragmentId: user.id }, { text, droppedTurns: 0, error }, toolCalls, places);
      } else {
        this.log.append(id, { type: 'reply_error', error });
        this.log.append(id, { type: 'done' });
      }
    }
    return left.length;
  }

  /** Stops every reply (the server is shutting down) and waits until each has been recorded. */
  async shutdown(reason: string): Promise<void> {
    const replies = [...this.active.values()];
    for (const reply of replies) reply.controller.abort(new AppError('SERVER_RESTARTED', reason, { recoverable: true }));
    await Promise.all(replies.map((reply) => reply.finished));
  }

  /** The provider as the latest reply that reached it found it. */
  providerState(): ProviderState {
    return this.provider;
  }

  /** Stores the assistant's fragment, then reply_complete, reply_error when it did not end well, and done. */
  private finish(request: ReplyRequest, outcome: TurnOutcome, toolCalls: string[], places: ReplyCallPlace[]): void {
    const { error } = outcome;
    if (this.client && !(error && NOT_THE_PROVIDER.has(error.code))) {
      this.provider = error ? { state: 'failing', code: error.code, at: Date.now() } : { state: 'ok', at: Date.now() };
    }
    const metadata: AiReplyMetadata = {
      type: 'ai_reply',
      message_id: request.messageId,
      reply_to: request.userFragmentId,
      model: this.client ? (this.config.ai.model ?? null) : null,
      ...(error?.code === 'CANCELLED' ? { stopped: true } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
      ...(outcome.droppedTurns > 0 ? { context_dropped_turns: outcome.droppedTurns } : {}),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      ...(places.length > 0 ? { tool_call_places: places } : {}),
    };
    const store = (meta: AiReplyMetadata) =>
      this.db.transaction(() =>
        this.fragments.add({ conversationId: request.conversationId, sessionId: request.sessionId, role: 'assistant', content: outcome.text, metadata: meta }),
      )();
    let fragment;
    try {
      fragment = store(metadata);
    } catch (failure) {
      const storage = this.log.storage;
      if (!isStorageError(failure)) throw failure;
      // The disk is full: readers get STORAGE_FULL and done now; the text is stored once it has room.
      const error = storage.failed(failure);
      this.log.cut(request.messageId, error);
      storage.later(() => void store({ ...metadata, error: { code: 'STORAGE_FULL', message: error.message } }));
      return;
    }
    this.log.append(request.messageId, { type: 'reply_complete', fragmentId: fragment.id });
    if (error) this.log.append(request.messageId, { type: 'reply_error', error });
    this.log.append(request.messageId, { type: 'done' });
  }

  /** The text and tool calls a reply's log holds (a reply cut off by a restart). */
  private written(streamId: string): { text: string; toolCalls: string[]; places: ReplyCallPlace[] } {
    let text = '';
    const toolCalls: string[] = [];
    const places: ReplyCallPlace[] = [];
    for (let cursor = 0; ; ) {
      const page = this.log.read(streamId, cursor, 256);
      const last = page.at(-1);
      if (!last) break;
      for (const { event } of page) {
        if (event.type === 'reply_delta') text += event.content;
        else if (event.type === 'tool_call') {
          toolCalls.push(event.executionId);
          places.push({ at: text.length, execution_id: event.executionId });
        } else if (event.type === 'tool_refused') {
          const { type: _type, ...refused } = event;
          places.push({ at: text.length, refused });
        }
      }
      cursor = last.seq;
    }
    return { text, toolCalls, places };
  }

  /** The user's fragment a reply answers: a retry names it in its id; a first reply is named in the fragment's metadata. */
  private userFragmentOf(messageId: string): string | undefined {
    const retried = RETRY_ID.exec(messageId);
    if (retried?.[1]) return retried[1];
    const row = this.userFragmentByMessage.get(messageId) as { id: string } | undefined;
    return row?.id;
  }
}

/**
 * A retry's stream id carries the user's fragment id (`msg_<uuid>-frag_<uuid>`): the answered
 * message must be known after a restart, and no table records replies (a reply is its stream).
 */
const RETRY_ID = /^msg_[0-9a-f]+-(frag_[0-9a-f]+)$/;
const retryId = (userFragmentId: string) => `${newId('msg')}-${userFragmentId}`;
