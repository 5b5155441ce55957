/**
 * The shared zod schemas, enforced on what tests receive. The schemas in shared/ are the API's
 * contract, but TypeScript only checks the server's code against them, never the bytes a client
 * gets; here every event and every answer a test sees is parsed, and one that does not match fails
 * the test with the procedure, the schema and zod's account of what is wrong.
 */
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import {
  CancelReplyResultSchema,
  ConversationSchema,
  ExecutionSchema,
  FragmentSchema,
  SendResultSchema,
  ToolInfoSchema,
} from '../../shared/api';
import { PromptInfoSchema, ReadResourceResultSchema, ResourceListSchema, ResourceTemplateListSchema } from '../../shared/mcpFeatures';
import { InputAnswerSchema, ReplyEventSchema, ToolEventSchema, type ReplyEvent, type ToolEvent } from '../../shared/events';
import { ServerInfoSchema } from '../../shared/servers';
import { RequestErrorBodySchema, RequestErrorShapeSchema, type RequestErrorData, type RequestErrorShape } from '../../shared/errors';
import { SignInResultSchema, SignOutResultSchema } from '../../shared/oauth';
import type { AppRouter } from '../routers/_app';

const trackedOf = <T extends z.ZodType>(data: T) => z.object({ id: z.string().min(1), data });

/** Each procedure's answer (a subscription's: each event) and the schema it must match, by name for the message. */
const OUTPUTS: Record<string, [name: string, schema: z.ZodType]> = {
  'chat.send': ['SendResultSchema', SendResultSchema],
  'executions.retry': ['SendResultSchema', SendResultSchema],
  'chat.cancelReply': ['CancelReplyResultSchema', CancelReplyResultSchema],
  'chat.retryReply': ['SendResultSchema', SendResultSchema],
  'chat.streamTool': ['tracked(ToolEventSchema)', trackedOf(ToolEventSchema)],
  'chat.streamReply': ['tracked(ReplyEventSchema)', trackedOf(ReplyEventSchema)],
  'executions.get': ['ExecutionSchema', ExecutionSchema],
  'executions.list': ['ExecutionSchema[]', z.array(ExecutionSchema)],
  'executions.approve': ['ExecutionSchema', ExecutionSchema],
  'executions.respond': ['InputAnswerSchema', InputAnswerSchema],
  'tools.list': ['ToolInfoSchema[]', z.array(ToolInfoSchema)],
  'tools.servers': ['ServerInfoSchema[]', z.array(ServerInfoSchema)],
  'servers.list': ['ServerInfoSchema[]', z.array(ServerInfoSchema)],
  'servers.reconnect': ['ServerInfoSchema', ServerInfoSchema],
  'servers.onChange': ['ServerInfoSchema[]', z.array(ServerInfoSchema)],
  'fragments.list': ['FragmentSchema[]', z.array(FragmentSchema)],
  'fragments.get': ['FragmentSchema', FragmentSchema],
  'conversations.list': ['ConversationSchema[]', z.array(ConversationSchema)],
  'conversations.create': ['ConversationSchema', ConversationSchema],
  'conversations.rename': ['ConversationSchema', ConversationSchema],
  'prompts.list': ['PromptInfoSchema[]', z.array(PromptInfoSchema)],
  'resources.list': ['ResourceListSchema', ResourceListSchema],
  'resources.templates': ['ResourceTemplateListSchema', ResourceTemplateListSchema],
  'resources.read': ['ReadResourceResultSchema', ReadResourceResultSchema],
  'servers.signIn': ['SignInResultSchema', SignInResultSchema],
  'servers.signOut': ['SignOutResultSchema', SignOutResultSchema],
};

export class ContractError extends Error {
  override name = 'ContractError';
}

function check<T>(where: string, name: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const shown = JSON.stringify(value)?.slice(0, 500);
  throw new ContractError(`${where} does not match ${name} (shared/):\n${z.prettifyError(parsed.error)}\nreceived: ${shown}`);
}

/** One tool stream event (the event's data, not its tracked envelope), from any transport. */
export function toolEvent(value: unknown, where = 'a chat.streamTool event'): ToolEvent {
  return check(where, 'ToolEventSchema', ToolEventSchema, value);
}

export function replyEvent(value: unknown, where = 'a chat.streamReply event'): ReplyEvent {
  return check(where, 'ReplyEventSchema', ReplyEventSchema, value);
}

/** Throws a ContractError when `value`, answered by `path`, does not match its shared schema. */
export function checkOutput(path: string, value: unknown): void {
  const output = OUTPUTS[path];
  if (output) check(`${path} answered a value that`, output[0], output[1], value);
}

/** A refused call's error data, as the shared schema reads it (every error the server sends has this shape). */
export function requestError(error: unknown, where = 'a refused call'): RequestErrorData {
  if (!(error instanceof TRPCClientError)) throw new ContractError(`${where} failed with ${String(error)}, not a TRPCClientError`);
  return check(`${where}'s error`, 'RequestErrorShapeSchema', RequestErrorShapeSchema, (error as TRPCClientError<AppRouter>).shape).data;
}

/**
 * An error answered over plain HTTP, by a procedure or by the guards before tRPC (Host, Origin,
 * JSON-only, the token, the login): its body, parsed as JSON and checked against the one shared shape.
 */
export function errorBody(text: string, where = 'an error answer'): RequestErrorShape {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ContractError(`${where} is not JSON: ${text.slice(0, 300)}`);
  }
  return check(where, 'RequestErrorBodySchema', RequestErrorBodySchema, json).error;
}

/** The server's error shape, when it sent one (a dropped connection has none); a mismatch as a ContractError. */
function errorContractBroken(path: string, error: TRPCClientError<AppRouter>): TRPCClientError<AppRouter> | null {
  if (error.shape === undefined || error.cause instanceof ContractError) return null;
  try {
    requestError(error, path);
    return null;
  } catch (broken) {
    return TRPCClientError.from(broken as Error);
  }
}

/**
 * A tRPC link that checks every answer, every subscription event and every error against the shared
 * schemas (OUTPUTS, RequestErrorShapeSchema). A mismatch
 * ends the call with a TRPCClientError carrying the ContractError's message, so a mutation
 * rejects and a subscription's onError fires: the test fails saying what broke the contract.
 */
export function contractLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const upstream = next(op).subscribe({
          next(envelope) {
            const { result } = envelope;
            if ('data' in result && (result.type === undefined || result.type === 'data')) {
              try {
                checkOutput(op.path, result.data);
              } catch (error) {
                observer.error(TRPCClientError.from(error as Error));
                return;
              }
            }
            observer.next(envelope);
          },
          error: (error) => observer.error(errorContractBroken(op.path, error) ?? error),
          complete: () => observer.complete(),
        });
        return () => upstream.unsubscribe();
      });
}
