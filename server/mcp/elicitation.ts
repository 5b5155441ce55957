/**
 * MCP elicitation (spec 2025-11-25, form and URL modes): a server asks the user for input while
 * one of its tools runs. Each request goes to the run whose call is in progress, and shows there as
 * `tool_input_required` (runs/inputRequests.ts); the user's answer goes back as the ElicitResult.
 *
 * The handler is `(request, ctx) => Promise<ElicitResult>` and knows no SDK class, so the same
 * function serves the v1 client's `elicitation/create` requests and the v2 client, which also
 * fulfils 2026-07-28 `input_required` rounds inside callTool() through its elicitation handler.
 *
 * Which call a request belongs to: a request on the wire names none (stdio has one channel for
 * all). In order: the call whose async context the handler runs in (the v2 client's
 * `input_required` rounds run inside callTool(), and so does reading a Streamable HTTP call's
 * response stream); a progress token of ours in the request's `_meta`; the only call running; and
 * failing those, the call that started first (documented in the README's known limits).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InputAnswer } from '../../shared/events';
import type { InputQuestion, ToolContext } from '../tools/types';

/** The capability a client declares (form and URL modes). */
export const ELICITATION_CAPABILITY = { elicitation: { form: {}, url: {} } } as const;

/** The parts of an `elicitation/create` request we read (v1 and v2 SDKs hand over the same shape). */
export interface ElicitationRequest {
  params: {
    mode?: 'form' | 'url';
    message: string;
    requestedSchema?: Record<string, unknown>;
    url?: string;
    elicitationId?: string;
    _meta?: Record<string, unknown>;
  };
}

export interface ElicitationResult {
  [key: string]: unknown;
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** What the SDK passes the handler: the request's own abort signal (the server cancelled it). */
export interface ElicitationContext {
  signal?: AbortSignal;
}

interface RunningCall {
  ctx: ToolContext;
  progressToken: string;
}

const currentCall = new AsyncLocalStorage<ToolContext>();

/** MCP's "URL elicitation required" error (2025-11-25): the call can go on once the user has opened these URLs. */
const URL_ELICITATION_REQUIRED = -32042;
/** How often one call may send the user to a URL and try again before its error stands. */
const MAX_URL_ROUNDS = 3;

/** The URL elicitations a -32042 error asks for (v1 McpError and v2 ProtocolError alike carry `code` and `data`). */
function urlElicitationsOf(error: unknown): ElicitationRequest['params'][] | undefined {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: { elicitations?: unknown } };
  if (code !== URL_ELICITATION_REQUIRED || !Array.isArray(data?.elicitations)) return undefined;
  return data.elicitations.filter((e): e is ElicitationRequest['params'] => typeof e === 'object' && e !== null && (e as { mode?: unknown }).mode === 'url');
}

/** One server's elicitation: knows its running calls, answers its requests, follows its completions. */
export class Elicitations {
  private readonly running: RunningCall[] = [];
  /** URL requests waiting for the user, by the server's elicitationId: notifications/elicitation/complete closes them. */
  private readonly urlWaits = new Map<string, AbortController>();

  constructor(private readonly server: string) {}

  /**
   * Runs `call` as the tool call `ctx` (its elicitation requests find it): returns its result. A
   * call refused with "URL elicitation required" asks the user to open each URL and, once every
   * one is done, is made again (at most MAX_URL_ROUNDS times); declined, the server's error stands.
   */
  async within<T>(ctx: ToolContext, progressToken: string, call: () => Promise<T>): Promise<T> {
    const entry = { ctx, progressToken };
    this.running.push(entry);
    try {
      for (let round = 1; ; round++) {
        try {
          return await currentCall.run(ctx, call);
        } catch (error) {
          const wanted = urlElicitationsOf(error);
          if (!wanted?.length || round > MAX_URL_ROUNDS || !ctx.ask) throw error;
          for (const params of wanted) {
            const answer = await this.ask(ctx, params, ctx.signal);
            if (answer.action !== 'accept') throw error;
          }
        }
      }
    } finally {
      this.running.splice(this.running.indexOf(entry), 1);
    }
  }

  /** The `elicitation/create` handler. */
  readonly handle = async (request: ElicitationRequest, context: ElicitationContext = {}): Promise<ElicitationResult> => {
    const params = request.params;
    const ctx = this.callFor(params._meta);
    if (!ctx?.ask) throw new Error(`Fragments Chat answers elicitation from "${this.server}" only while one of its tools runs`);
    const answer = await this.ask(ctx, params, context.signal ?? new AbortController().signal);
    return answer.action === 'accept' && answer.content ? { action: 'accept', content: answer.content } : { action: answer.action };
  };

  /** Shows the request in the call's run and waits for the answer (or the server's completion of a URL flow). */
  private async ask(ctx: ToolContext, params: ElicitationRequest['params'], signal: AbortSignal): Promise<InputAnswer> {
    if (!ctx.ask) return { requestId: '', action: 'decline' };
    const question = questionOf(params);
    const done = params.elicitationId ? this.waitForCompletion(params.elicitationId) : undefined;
    try {
      return await ctx.ask(question, { signal, ...(done ? { serverDone: done.signal } : {}) });
    } finally {
      if (params.elicitationId && this.urlWaits.get(params.elicitationId) === done) this.urlWaits.delete(params.elicitationId);
    }
  }

  /** notifications/elicitation/complete: the server says the URL flow finished; its card closes. */
  complete(elicitationId: string): void {
    this.urlWaits.get(elicitationId)?.abort();
  }

  private waitForCompletion(elicitationId: string): AbortController {
    const done = new AbortController();
    this.urlWaits.set(elicitationId, done);
    return done;
  }

  private callFor(meta: Record<string, unknown> | undefined): ToolContext | undefined {
    const scoped = currentCall.getStore();
    if (scoped && this.running.some((call) => call.ctx === scoped)) return scoped;
    const token = meta?.progressToken;
    const byToken = token === undefined ? undefined : this.running.find((call) => call.progressToken === String(token));
    return (byToken ?? this.running[0])?.ctx;
  }
}

/** The request as the run's stream shows it; a URL that is not http(s) is refused (it would be a link in the page). */
export function questionOf(params: ElicitationRequest['params']): InputQuestion {
  if (params.mode === 'url') {
    const url = params.url ?? '';
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new Error(`elicitation refused: "${url}" is not a URL`);
    }
    if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`elicitation refused: only http and https URLs are opened, not ${protocol}`);
    return { mode: 'url', message: params.message, url };
  }
  return { mode: 'form', message: params.message, schema: params.requestedSchema ?? { type: 'object', properties: {} } };
}
