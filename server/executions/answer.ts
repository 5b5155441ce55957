/**
 * Checks a form answer against the schema the server requested (MCP elicitation) before it goes
 * back, and fills in the defaults of the fields the user left out. The schema is the server's, so
 * one that cannot be compiled is reported as the server's problem; a bad answer names the field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import formatsModule from 'ajv-formats';
import type { InputContent } from '../../shared/events';
import { AppError } from '../errors/appError';

// CommonJS default export: the plugin or the module object depending on the loader (see commands/validate.ts).
const addFormats = (formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule;
// strict: false: server schemas carry keywords Ajv does not know (`enumNames`, titles on options).
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);

type Properties = Record<string, { default?: unknown; title?: unknown }>;

/** The answer with the schema's defaults for the fields left out, or BAD_ARGUMENTS naming each bad field. */
export function checkedAnswer(schema: Record<string, unknown>, content: InputContent): InputContent {
  const properties = (typeof schema.properties === 'object' && schema.properties !== null ? schema.properties : {}) as Properties;
  const filled: InputContent = { ...content };
  for (const [name, property] of Object.entries(properties)) {
    if (!Object.hasOwn(filled, name) && property.default !== undefined) filled[name] = property.default as InputContent[string];
  }
  const { $schema: _dialect, ...rest } = schema;
  let validate;
  try {
    validate = ajv.compile(rest);
  } catch (error) {
    throw new AppError('BAD_ARGUMENTS', `the server's requested schema is invalid: ${(error as Error).message}`);
  }
  if (validate(filled)) return filled;
  const problems = [...new Set((validate.errors ?? []).map((error) => problemOf(error, properties)))];
  throw new AppError('BAD_ARGUMENTS', `invalid answer: ${problems.join('; ')}`);
}

function problemOf(error: ErrorObject, properties: Properties): string {
  const params = error.params as Record<string, unknown>;
  const field = String(params.missingProperty ?? params.additionalProperty ?? error.instancePath.split('/')[1] ?? '');
  const title = properties[field]?.title;
  const named = field ? `field "${field}"${typeof title === 'string' && title !== field ? ` (${title})` : ''}` : 'the answer';
  switch (error.keyword) {
    case 'required':
      return `${named} is required`;
    case 'additionalProperties':
      return `${named} is not in the form`;
    case 'enum':
      return `${named} must be one of ${(params.allowedValues as unknown[] | undefined)?.map((v) => JSON.stringify(v)).join(', ') ?? 'the listed values'}`;
    default:
      return `${named} ${error.message ?? 'is invalid'}`;
  }
}
