/**
 * From a tool call request to a checked call: the tool exists and is on, and its arguments parse
 * and pass its input schema and the tool's own check (a shell program must be allowed).
 * Everything that can be wrong with a call is found here, before anything is stored or queued;
 * each problem is an AppError whose message the user reads.
 */
import type { RequestedBy } from '../../shared/api';
import { AppError } from '../errors/appError';
import { parseArgs } from './args';
import { nearestNames } from './suggest';
import type { ArgumentValidator } from './validate';

export interface KnownTool {
  name: string;
  inputSchema: Record<string, unknown>;
  /** The tool's own check of arguments that passed the schema (Tool.check). */
  check?(args: Record<string, unknown>): void;
}

export interface ToolLookup {
  get(name: string): KnownTool | undefined;
  names(): string[];
  unavailableReason?(name: string): string | undefined;
}

/**
 * A call as typed by the user (the text after `/<tool>`), or as an object (a retry, the AI model).
 * `requestedBy` (default 'user') picks the default approval policy: the model's calls ask first.
 */
export type CallRequest = ({ tool: string; rawArgs: string } | { tool: string; parameters: Record<string, unknown> }) & {
  requestedBy?: RequestedBy;
};

export interface CheckedCall {
  tool: string;
  parameters: Record<string, unknown>;
}

export function resolveCall(request: CallRequest, lookup: ToolLookup, validator: ArgumentValidator): CheckedCall {
  const tool = findTool(request.tool, lookup);
  // The schema guides parsing (`message=123` stays a string for a string field) and then checks the result.
  const parameters = 'rawArgs' in request ? parseArgs(request.rawArgs, tool.inputSchema) : request.parameters;
  rejectDeepNesting(parameters);
  validator.validate(tool.name, tool.inputSchema, parameters);
  tool.check?.(parameters);
  return { tool: tool.name, parameters };
}

/** Deeper than any real tool's arguments, far shallower than what overflows the stack downstream. */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * Arguments are stored and sent with JSON.stringify, which recurses: a 100k-character message of
 * `[[[…` (or a model's tool call) used to end in "Maximum call stack size exceeded", a 500.
 * Walked iteratively here, so the check itself cannot overflow.
 */
function rejectDeepNesting(parameters: Record<string, unknown>): void {
  const stack: Array<[unknown, number]> = [[parameters, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth] = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_ARGUMENT_DEPTH) throw new AppError('BAD_ARGUMENTS', `arguments are nested more than ${MAX_ARGUMENT_DEPTH} levels deep`);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}

/** The tool of that name; UNKNOWN_TOOL (with the nearest names) or TOOL_DISABLED (with what to do) when there is none. */
export function findTool(name: string, lookup: ToolLookup): KnownTool {
  const tool = lookup.get(name);
  if (tool) return tool;
  // A tool that exists but is switched off says why, instead of "did you mean".
  const reason = lookup.unavailableReason?.(name);
  throw reason ? new AppError('TOOL_DISABLED', reason) : unknownTool(name, lookup.names());
}

function unknownTool(name: string, known: string[]): AppError {
  const notes: string[] = [];
  const dot = name.indexOf('.');
  // `<server>.<tool>` where that server offers no tools at all: the config (or a crashed server) is
  // the problem, not the spelling of the tool. The lookup only knows tools, so "configured" really
  // means "has tools available" here.
  const server = name.slice(0, dot);
  if (dot >= 0 && !known.some((candidate) => candidate.startsWith(`${server}.`))) {
    notes.push(`no MCP server named "${server}" is configured`);
  }
  const suggestions = nearestNames(name, known);
  notes.push(
    suggestions.length > 0
      ? `did you mean ${suggestions.map((suggestion) => `/${suggestion}`).join(', ')}?`
      : 'type / to see the available tools',
  );
  return new AppError('UNKNOWN_TOOL', `unknown tool "/${name}" — ${notes.join('; ')}`);
}
