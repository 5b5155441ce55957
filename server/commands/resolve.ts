/**
 * From a raw chat message to either text or a fully checked tool call. Everything that can be
 * wrong with a command is found here, before chat.send stores or queues anything.
 */
import { parseArgs } from './args';
import { detectCommand } from './detect';
import { CommandError } from './errors';
import { nearestNames } from './suggest';
import type { ArgumentValidator } from './validate';

export interface KnownTool {
  name: string;
  inputSchema: Record<string, unknown>;
}

export type Resolved = { kind: 'text'; text: string } | { kind: 'command'; tool: string; parameters: Record<string, unknown> };

export function resolveMessage(
  content: string,
  lookup: { get(name: string): KnownTool | undefined; names(): string[]; unavailableReason?(name: string): string | undefined },
  validator: ArgumentValidator,
): Resolved {
  const detected = detectCommand(content);
  if (detected.kind === 'text') return detected;

  const tool = lookup.get(detected.tool);
  if (!tool) {
    // A tool that exists but is switched off says why, instead of "did you mean".
    const reason = lookup.unavailableReason?.(detected.tool);
    throw reason ? new CommandError(reason) : unknownTool(detected.tool, lookup.names());
  }

  // The schema guides parsing (`message=123` stays a string for a string field) and then checks the result.
  const parameters = parseArgs(detected.rawArgs, tool.inputSchema);
  validator.validate(detected.tool, tool.inputSchema, parameters);
  return { kind: 'command', tool: detected.tool, parameters };
}

function unknownTool(name: string, known: string[]): CommandError {
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
  return new CommandError(`unknown tool "/${name}" — ${notes.join('; ')}`);
}
