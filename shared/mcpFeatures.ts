/**
 * MCP prompts and resources as the app offers them (prompts.list, resources.*). Names follow MCP's
 * own fields; `name` of a prompt is `<server>.<prompt>`, the form `/prompt` takes.
 */
import { z } from 'zod';

/** The command word for prompts: `/prompt <server>.<prompt> key=value …`. No builtin tool may take it. */
export const PROMPT_COMMAND = 'prompt';

export const PromptArgumentSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  required: z.boolean(),
});
export type PromptArgument = z.infer<typeof PromptArgumentSchema>;

export const PromptInfoSchema = z.object({
  /** `<server>.<prompt>`. */
  name: z.string(),
  server: z.string(),
  /** The prompt's own name on its server. */
  prompt: z.string(),
  title: z.string().optional(),
  description: z.string(),
  arguments: z.array(PromptArgumentSchema),
});
export type PromptInfo = z.infer<typeof PromptInfoSchema>;

/**
 * A prompt's arguments as a JSON Schema (every MCP prompt argument is a string), so `key=value`
 * parsing, the palette's argument hints and the check of required arguments are the tools' own.
 */
export function promptInputSchema(args: PromptArgument[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(args.map((arg) => [arg.name, arg.description ? { type: 'string', description: arg.description } : { type: 'string' }])),
    required: args.filter((arg) => arg.required).map((arg) => arg.name),
  };
}

/** One message of a prompt as the model reads it (prompt metadata on the user's fragment). */
export const PromptMessageSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });
export type PromptMessage = z.infer<typeof PromptMessageSchema>;

/** What a user's fragment sent by `/prompt` records: which prompt, with what, and the messages it gave. */
export const PromptUseSchema = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.string()),
  messages: z.array(PromptMessageSchema),
});
export type PromptUse = z.infer<typeof PromptUseSchema>;

/** resources.list / resources.templates: a server, and a cursor for one page (none: every page). */
export const ResourcePageInputSchema = z.object({ server: z.string().min(1).max(200), cursor: z.string().max(10_000).optional() });

export const ResourceInfoSchema = z.object({
  uri: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
});
export type ResourceInfo = z.infer<typeof ResourceInfoSchema>;

export const ResourceTemplateInfoSchema = z.object({
  uriTemplate: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});
export type ResourceTemplateInfo = z.infer<typeof ResourceTemplateInfoSchema>;

/** resources.list: one page of a server's resources; pass `nextCursor` back as `cursor` for the next. */
export const ResourceListSchema = z.object({ server: z.string(), resources: z.array(ResourceInfoSchema), nextCursor: z.string().optional() });
export const ResourceTemplateListSchema = z.object({
  server: z.string(),
  resourceTemplates: z.array(ResourceTemplateInfoSchema),
  nextCursor: z.string().optional(),
});

export const ReadResourceInputSchema = z.object({ server: z.string().min(1).max(200), uri: z.string().min(1).max(10_000) });

/** One item of resources/read, as MCP gives it: text, or base64 `blob`. */
export const ResourceContentSchema = z.object({
  uri: z.string(),
  mimeType: z.string().optional(),
  text: z.string().optional(),
  blob: z.string().optional(),
});
export type ResourceContent = z.infer<typeof ResourceContentSchema>;
export const ReadResourceResultSchema = z.object({ server: z.string(), uri: z.string(), contents: z.array(ResourceContentSchema) });
export type ReadResourceResult = z.infer<typeof ReadResourceResultSchema>;


