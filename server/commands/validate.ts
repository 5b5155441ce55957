/**
 * Checks a command's arguments against the tool's JSON Schema before anything is queued, and
 * says in plain words what is wrong. Tools (especially MCP ones) bring their own schemas, so a
 * schema we cannot compile is the tool's problem and must not take the server down.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019';
import { Ajv2020 } from 'ajv/dist/2020';
import formatsModule from 'ajv-formats';
import { AppError } from '../errors/appError';
import { CompiledSchemas } from '../tools/compiledSchemas';
import { nearestNames } from './suggest';

// ajv-formats is CommonJS with both `module.exports = plugin` and `exports.default = plugin`.
// Depending on the loader (tsx, plain Node ESM, a bundler) the default import is the plugin or the
// module object; `.default ?? module` gives the plugin in every case.
const addFormats = (formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule;

const OPTIONS: Options = {
  strict: false, // third-party schemas use unknown keywords and formats; that is not the user's fault
  allErrors: true, // report every problem at once instead of one per attempt
  verbose: true, // gives errors their parentSchema, used to suggest a property for an unknown one
  logger: false, // unknown formats would otherwise print warnings on every compile
  // useDefaults / coerceTypes / removeAdditional stay off: validation must never change the arguments.
};

/** Picks the dialect from `$schema`; a missing or unknown one is treated as draft-07 (Ajv's default). */
function createAjv(schemaUri: unknown): Ajv | Ajv2019 | Ajv2020 {
  const uri = typeof schemaUri === 'string' ? schemaUri : '';
  const ajv = uri.includes('2020-12') ? new Ajv2020(OPTIONS) : uri.includes('2019-09') ? new Ajv2019(OPTIONS) : new Ajv(OPTIONS);
  addFormats(ajv);
  return ajv;
}

export class ArgumentValidator {
  private readonly schemas = new CompiledSchemas(createAjv);

  validate(toolName: string, schema: Record<string, unknown>, args: Record<string, unknown>): void {
    const compiled = this.schemas.get(toolName, schema);
    if ('failure' in compiled) throw new AppError('BAD_ARGUMENTS', `the tool's input schema is invalid: ${compiled.failure}`);
    if (compiled.run(args)) return;
    // Grouped by argument name (stable, so Ajv's order holds within one argument): easy to scan,
    // and the same input always gives the same message.
    const described = (compiled.run.errors ?? []).map(describeError);
    described.sort((a, b) => (a.about < b.about ? -1 : a.about > b.about ? 1 : 0));
    const problems = [...new Set(described.map((problem) => problem.text))];
    throw new AppError('BAD_ARGUMENTS', `invalid arguments for ${toolName}: ${problems.join('; ') || 'they do not match the input schema'}`);
  }
}

/** `/opts/0/x` → `opts[0].x`, the way a user would write it. */
function pathOf(instancePath: string): string {
  let path = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path;
}

const join = (path: string, name: unknown): string => (path ? `${path}.${String(name)}` : String(name));
const subject = (path: string): string => (path ? `"${path}"` : 'the arguments');

function describeError(error: ErrorObject): { about: string; text: string } {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const named = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  return { about: named === undefined ? path : join(path, named), text: problemText(error, path, params) };
}

function problemText(error: ErrorObject, path: string, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'required':
      return `missing required argument "${join(path, params.missingProperty)}"`;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return `unknown argument "${join(path, name)}"${didYouMean(name, error.parentSchema)}`;
    }
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type).split(',').join(' or ');
      return `${subject(path)} must be ${types}`;
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return `${subject(path)} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
    }
    case 'const':
      return `${subject(path)} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      // Ajv's own wording is already plain for the rest ("must be >= 1", 'must match format "email"').
      return `${subject(path)} ${error.message ?? 'is invalid'}`;
  }
}

function didYouMean(name: string, parentSchema: unknown): string {
  const properties = (parentSchema as { properties?: unknown } | undefined)?.properties;
  if (typeof properties !== 'object' || properties === null) return '';
  const [best] = nearestNames(name, Object.keys(properties), 1);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
