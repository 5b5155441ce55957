import type { ToolInfo } from '../../../shared/api';
import { PROMPT_COMMAND, promptInputSchema, type PromptInfo } from '../../../shared/mcpFeatures';
import { filterTools } from './toolSchema';

/**
 * One line of the `/` palette: a tool (`/<name>`) or an MCP prompt (`/prompt <server>.<prompt>`).
 * `name` is exactly what follows the `/`, so completing, matching and the argument hint treat both
 * alike; a prompt's arguments (all strings) read as a schema, the same as a tool's.
 */
export interface PaletteEntry {
  name: string;
  kind: 'builtin' | 'mcp' | 'prompt';
  server?: string;
  /** A tool's MCP `title`, shown beside its name and matched too. */
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export function paletteEntries(tools: ToolInfo[], prompts: PromptInfo[]): PaletteEntry[] {
  return [
    ...tools.map((tool): PaletteEntry => ({
      name: tool.name,
      kind: tool.source.kind,
      server: tool.source.server,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
    ...prompts.map(
      (prompt): PaletteEntry => ({
        name: `${PROMPT_COMMAND} ${prompt.name}`,
        kind: 'prompt',
        server: prompt.server,
        description: prompt.title && prompt.description && prompt.title !== prompt.description ? `${prompt.title}: ${prompt.description}` : prompt.description,
        inputSchema: promptInputSchema(prompt.arguments),
      }),
    ),
  ];
}

/**
 * The entries matching what follows `/`. After `/prompt ` only prompts match, by the part after
 * the command word (`/prompt args` finds `everything.args-prompt`); otherwise tools and prompts alike.
 */
export function matchEntries(entries: PaletteEntry[], typed: string): PaletteEntry[] {
  const promptWord = `${PROMPT_COMMAND} `;
  if (!typed.startsWith(promptWord)) return filterTools(entries, typed);
  const prompts = entries.filter((entry) => entry.kind === 'prompt').map((entry) => ({ ...entry, name: entry.name.slice(promptWord.length) }));
  return filterTools(prompts, typed.slice(promptWord.length).trimStart()).map((entry) => ({ ...entry, name: promptWord + entry.name }));
}
