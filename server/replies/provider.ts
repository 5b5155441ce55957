/**
 * The AI provider: any OpenAI-compatible Chat Completions server, spoken to with the official
 * `openai` package (streamed deltas, tool-call deltas, finish reasons, error bodies). Every failure
 * becomes a StreamError whose code says which failure it was and whose message says what to check.
 * The API key never appears in a message: error bodies may echo it, so it is cut out.
 */
import OpenAI from 'openai';
import { isRunErrorCode, type StreamError } from '../../shared/events';
import type { Config } from '../config/schema';
import { AppError } from '../errors/appError';

export type AiConfig = Config['ai'];

/** Both the model and somewhere to send it (a base URL, or a key for api.openai.com) are needed. */
export function isConfigured(ai: AiConfig): boolean {
  return Boolean(ai.model && (ai.baseUrl || ai.apiKey));
}

export function createClient(ai: AiConfig): OpenAI {
  return new OpenAI({
    baseURL: ai.baseUrl,
    // Local servers (Ollama, llama.cpp) take any key; the package insists on one.
    apiKey: ai.apiKey || 'unused',
    // We report a failure at once and the user retries; silent retries would hide it for minutes.
    maxRetries: 0,
    // Until the response starts; a stream that then goes quiet is ai.firstTokenTimeoutMs's job, and
    // after its first token ai.idleTimeoutMs's.
    timeout: Math.max(ai.firstTokenTimeoutMs, 10_000),
    logLevel: 'off',
  });
}

/** Text with the key (and any bearer token) cut out. */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]');
}

/** What went wrong talking to the provider, as a reply_error. `where` names the server for the message. */
export function describeProviderError(error: unknown, ai: AiConfig): StreamError {
  const where = ai.baseUrl ?? 'https://api.openai.com/v1';
  const say = (code: StreamError['code'], message: string, recoverable: boolean): StreamError => ({
    code,
    message: redact(message, ai.apiKey),
    recoverable,
  });
  // The turn's own ends (Stop, a restart, a timeout, the tool-round limit, a full disk) already say
  // how the reply ended: any AppError with a code a stream carries is kept as it is.
  if (error instanceof AppError && isRunErrorCode(error.code)) return say(error.code, error.message, error.recoverable);
  if (error instanceof OpenAI.APIConnectionError) {
    return say('PROVIDER_UNREACHABLE', `could not reach the AI provider at ${where} (${causeOf(error)}): check ai.baseUrl / OPENAI_BASE_URL and that the server is running`, true);
  }
  if (error instanceof OpenAI.APIError) {
    const detail = bodyMessage(error);
    const status = error.status;
    if (status === 401 || status === 403) {
      return say('PROVIDER_AUTH', `the AI provider refused the API key (${status}${detail}): check ai.apiKey / OPENAI_API_KEY`, false);
    }
    if (status === 404) {
      return say('MODEL_NOT_FOUND', `the AI provider has no model "${ai.model ?? ''}" (404${detail}): check ai.model / FRAGMENTS_MODEL`, false);
    }
    if (status === 429) return say('RATE_LIMITED', `the AI provider is rate limiting this key (429${detail}): wait a moment and retry`, true);
    if (status === undefined) return say('PROVIDER_ERROR', `the AI provider sent an error in its stream${detail}`, true);
    return say('PROVIDER_ERROR', `the AI provider failed (${status}${detail})`, status >= 500);
  }
  const message = error instanceof Error ? error.message : String(error);
  // A socket dropped while the body streamed surfaces from fetch (undici) as `TypeError: terminated`.
  if (isDroppedConnection(error)) return say('STREAM_CUT', `the connection to the AI provider dropped mid-reply (${message}): retry`, true);
  return say('EXCEPTION', `the reply failed inside the server: ${message}`, true);
}

function isDroppedConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return error.message === 'terminated' || (typeof code === 'string' && /^(UND_ERR_SOCKET|ECONNRESET|EPIPE|UND_ERR_)/.test(code));
}

/** The provider's own words from its error body, if any: `: <message>`. */
function bodyMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : '';
  return text ? `: ${text.slice(0, 500)}` : '';
}

function causeOf(error: Error): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : error.message;
}
