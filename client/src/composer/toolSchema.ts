import { PROMPT_COMMAND } from '../../../shared/mcpFeatures';

export interface ArgumentHint {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short type for a JSON Schema property: `integer`, `string`, `"a" | "b"`, `number[]`. */
function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array' && isRecord(schema.items)) return `${typeOf(schema.items)}[]`;
  if (typeof type === 'string') return type;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.filter(isRecord).map(typeOf).join(' | ');
  return 'any';
}

/** The arguments a tool (or prompt) takes, required first, read from its input schema. */
export function argumentHints(tool: { inputSchema: Record<string, unknown> }): ArgumentHint[] {
  const properties = isRecord(tool.inputSchema.properties) ? tool.inputSchema.properties : {};
  const required = new Set(Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required.filter((name): name is string => typeof name === 'string') : []);
  const hints = Object.entries(properties).map(([name, schema]): ArgumentHint => {
    const property = isRecord(schema) ? schema : {};
    return {
      name,
      type: typeOf(property),
      required: required.has(name),
      description: typeof property.description === 'string' ? property.description : undefined,
    };
  });
  return hints.sort((a, b) => Number(b.required) - Number(a.required));
}

/** Tools (and prompts) whose name matches what was typed after `/`: name prefixes first, then any match. */
export function filterTools<T extends { name: string; title?: string | undefined }>(tools: T[], typed: string): T[] {
  const query = typed.toLowerCase();
  const starts = tools.filter((tool) => tool.name.toLowerCase().startsWith(query));
  // A tool's title (MCP `title`) counts too: `/weather` finds "Weather forecast" (results.forecast).
  const contains = tools.filter(
    (tool) => !tool.name.toLowerCase().startsWith(query) && (tool.name.toLowerCase().includes(query) || (tool.title?.toLowerCase().includes(query) ?? false)),
  );
  return [...starts, ...contains];
}

/** What the composer text says about commands: still typing a tool's name, or giving its arguments. */
export type CommandInput = { stage: 'name'; typed: string } | { stage: 'arguments'; tool: string } | null;

/** `/prompt <server>.<prompt>`: the prompt's name is part of the command's name (two words). */
const PROMPT = new RegExp(`^/${PROMPT_COMMAND}\\s+(\\S*)(\\s?)`);

export function readCommandInput(text: string): CommandInput {
  // `//` escapes a leading slash: that message is plain text.
  if (!text.startsWith('/') || text.startsWith('//')) return null;
  const prompt = PROMPT.exec(text);
  if (prompt) {
    const name = `${PROMPT_COMMAND} ${prompt[1] ?? ''}`;
    return prompt[2] ? { stage: 'arguments', tool: name } : { stage: 'name', typed: name };
  }
  const match = /^\/(\S*)(\s?)/.exec(text);
  if (!match) return null;
  const name = match[1] ?? '';
  return match[2] ? { stage: 'arguments', tool: name } : { stage: 'name', typed: name };
}
