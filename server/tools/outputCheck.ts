/**
 * Checks a tool's `structuredContent` against its `outputSchema`. A mismatch is the server's bug,
 * not the user's: the run still succeeds and the card shows a warning naming the path that failed
 * (the SDK's own check would throw and fail the run, which is why the call bypasses it). MCP says a
 * schema without `$schema` is JSON Schema 2020-12. Nothing is fetched: a `$ref` Ajv cannot resolve
 * inside the schema makes the schema unusable, which is a warning too.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020';
import formatsModule from 'ajv-formats';
import { CompiledSchemas } from './compiledSchemas';

// ajv-formats is CommonJS; see commands/validate.ts for why `.default ?? module`.
const addFormats = (formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule;

// Third-party schemas use unknown keywords and formats; no loadSchema, so no remote $ref is ever fetched.
const OPTIONS: Options = { strict: false, allErrors: true, logger: false };
/** Mismatches named in one warning; the rest are counted. */
const MAX_PROBLEMS = 5;

/** Draft-07 (and older) when `$schema` says so; 2020-12 otherwise, as MCP specifies. */
function createAjv(schemaUri: unknown): Ajv | Ajv2020 {
  const uri = typeof schemaUri === 'string' ? schemaUri : '';
  const ajv = /draft-0[4-7]/.test(uri) ? new Ajv(OPTIONS) : new Ajv2020(OPTIONS);
  addFormats(ajv);
  return ajv;
}

/** `/rows/0/name` → `rows[0].name`; the root is `(root)`. */
export function pathOf(instancePath: string): string {
  let path = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path || '(root)';
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const path = pathOf(error.instancePath);
  if (error.keyword === 'required') return `${path === '(root)' ? '' : `${path}.`}${String(params.missingProperty)} is required`;
  if (error.keyword === 'additionalProperties') return `${path === '(root)' ? '' : `${path}.`}${String(params.additionalProperty)} is not allowed`;
  return `${path} ${error.message ?? 'is invalid'}`;
}

export class OutputSchemaCheck {
  private readonly schemas = new CompiledSchemas(createAjv);

  /**
   * The warnings for one result: none when it matches or the tool has no outputSchema. `isError`
   * results are not checked (MCP asks for structuredContent only on success).
   */
  check(toolName: string, schema: Record<string, unknown> | undefined, result: { isError: boolean; structuredContent?: unknown }): string[] {
    if (!schema || result.isError) return [];
    if (result.structuredContent === undefined) {
      return [`the tool has an outputSchema but returned no structuredContent (an error of the MCP server)`];
    }
    const compiled = this.schemas.get(toolName, schema);
    if ('failure' in compiled) return [`structuredContent was not checked: the tool's outputSchema is unusable (${compiled.failure})`];
    if (compiled.run(result.structuredContent)) return [];
    const problems = [...new Set((compiled.run.errors ?? []).map(describe))];
    const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
    const more = problems.length > MAX_PROBLEMS ? ` (and ${problems.length - MAX_PROBLEMS} more)` : '';
    return [`structuredContent does not match the tool's outputSchema: ${shown || 'it is invalid'}${more}`];
  }
}
