import type { ToolInfo } from '../../shared/api';
import { PROMPT_COMMAND } from '../../shared/mcpFeatures';
import type { Tool } from './types';

/** Where MCP tools come from; the MCP manager implements it. */
export interface ToolProvider {
  tools(): Tool[];
}

/** Every tool the user can call: builtins by name, MCP tools as `<server>.<tool>`. */
export class ToolRegistry {
  private readonly builtins = new Map<string, Tool>();
  private readonly providers: ToolProvider[] = [];
  /** Tools that exist but are switched off, with what the user should do about it. */
  private readonly disabled = new Map<string, string>();

  addBuiltin(tool: Tool): void {
    if (this.builtins.has(tool.name)) throw new Error(`builtin tool ${tool.name} is registered twice`);
    if (tool.name === PROMPT_COMMAND) throw new Error(`"${PROMPT_COMMAND}" is the command word of MCP prompts, not a tool name`);
    this.builtins.set(tool.name, tool);
  }

  disable(name: string, reason: string): void {
    this.disabled.set(name, reason);
  }

  /** Why a tool that cannot be called is off, when it is a known but disabled one. */
  unavailableReason(name: string): string | undefined {
    return this.disabled.get(name);
  }

  addProvider(provider: ToolProvider): void {
    this.providers.push(provider);
  }

  all(): Tool[] {
    return [...this.builtins.values(), ...this.providers.flatMap((provider) => provider.tools())];
  }

  get(name: string): Tool | undefined {
    return this.builtins.get(name) ?? this.providers.flatMap((provider) => provider.tools()).find((tool) => tool.name === name);
  }

  names(): string[] {
    return this.all().map((tool) => tool.name);
  }

  list(): ToolInfo[] {
    return this.all().map(({ name, title, description, inputSchema, outputSchema, source }) => ({
      name,
      ...(title === undefined ? {} : { title }),
      description,
      inputSchema,
      ...(outputSchema === undefined ? {} : { outputSchema }),
      source,
    }));
  }
}
