/** A server's prompts as the palette and `/prompt` use them: named `<server>.<prompt>`, every argument's `required` explicit. */
import type { PromptInfo } from '../../shared/mcpFeatures';

interface McpPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
}

export function toPrompts(server: string, prompts: McpPrompt[]): PromptInfo[] {
  return prompts.map((prompt) => ({
    name: `${server}.${prompt.name}`,
    server,
    prompt: prompt.name,
    title: prompt.title,
    description: prompt.description ?? prompt.title ?? '',
    arguments: (prompt.arguments ?? []).map((arg) => ({ name: arg.name, description: arg.description, required: arg.required === true })),
  }));
}
