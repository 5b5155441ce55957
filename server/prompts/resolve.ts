/**
 * From `/prompt <server>.<prompt> <args>` to a checked prompt call: the prompt exists on a
 * configured server, and its arguments parse (`key=value` or a JSON object, as for tools) and
 * give every required argument and no unknown one. Everything is checked before prompts/get is
 * sent or anything is stored; each problem is an AppError whose message names what is wrong.
 */
import { promptInputSchema, PROMPT_COMMAND, type PromptInfo } from '../../shared/mcpFeatures';
import { parseArgs } from '../commands/args';
import { nearestNames } from '../commands/suggest';
import type { ArgumentValidator } from '../commands/validate';
import { AppError } from '../errors/appError';

export interface PromptLookup {
  prompts(): PromptInfo[];
}

export interface CheckedPrompt {
  prompt: PromptInfo;
  arguments: Record<string, string>;
}

const USAGE = `type /${PROMPT_COMMAND} <server>.<prompt> followed by its arguments (name=value)`;

export function resolvePrompt(rawArgs: string, lookup: PromptLookup, validator: ArgumentValidator): CheckedPrompt {
  const name = /^\S*/.exec(rawArgs)?.[0] ?? '';
  const known = lookup.prompts();
  if (name === '') {
    throw new AppError('UNKNOWN_PROMPT', `which prompt? ${USAGE}${known.length > 0 ? `; known: ${known.map((prompt) => prompt.name).slice(0, 5).join(', ')}` : '; no MCP server offers prompts'}`);
  }
  const prompt = known.find((candidate) => candidate.name === name);
  if (!prompt) {
    const near = nearestNames(name, known.map((candidate) => candidate.name));
    const hint = near.length > 0 ? `did you mean ${near.map((candidate) => `/${PROMPT_COMMAND} ${candidate}`).join(', ')}?` : `type /${PROMPT_COMMAND} to see the available prompts`;
    throw new AppError('UNKNOWN_PROMPT', `unknown prompt "${name}" — ${hint}`);
  }
  const schema = { ...promptInputSchema(prompt.arguments), additionalProperties: false };
  const parsed = parseArgs(rawArgs.slice(name.length), schema);
  validator.validate(`prompt ${prompt.name}`, schema, parsed);
  // The schema allows only strings, so this is a narrowing the validator already proved.
  return { prompt, arguments: parsed as Record<string, string> };
}
