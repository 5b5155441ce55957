/**
 * A server's prompts, every page of prompts/list, as the palette and `/prompt` use them. Pages are
 * followed until the server gives no `nextCursor`; a server that repeats a cursor is stopped there
 * (the pages so far are kept) instead of looping forever.
 */
import type { PromptInfo } from '../../shared/mcpFeatures';

interface PromptPage {
  prompts: Array<{ name: string; title?: string; description?: string; arguments?: Array<{ name: string; description?: string; required?: boolean }> }>;
  nextCursor?: string;
}

export async function fetchPrompts(server: string, listPage: (cursor: string | undefined) => Promise<PromptPage>): Promise<PromptInfo[]> {
  const prompts: PromptInfo[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await listPage(cursor);
    for (const prompt of page.prompts) {
      prompts.push({
        name: `${server}.${prompt.name}`,
        server,
        prompt: prompt.name,
        title: prompt.title,
        description: prompt.description ?? prompt.title ?? '',
        arguments: (prompt.arguments ?? []).map((arg) => ({ name: arg.name, description: arg.description, required: arg.required === true })),
      });
    }
    cursor = page.nextCursor;
    if (cursor !== undefined && seen.has(cursor)) break;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor);
  return prompts;
}
