import type { ValidateFunction } from 'ajv';

export type CompiledSchema = { json: string; run: ValidateFunction } | { json: string; failure: string };

interface SchemaCompiler {
  compile(schema: Record<string, unknown>): ValidateFunction;
}

/**
 * A tool's JSON Schema compiled once, for its input (commands/validate.ts) or its output
 * (tools/outputCheck.ts). One entry per tool name, replaced when that tool's schema changes (an MCP
 * server that updated its tools); keyed by content, as registries may hand out fresh but equal
 * schema objects on every call. A fresh Ajv per schema: two tools declaring the same `$id` would
 * otherwise collide, and a broken schema leaves nothing behind in a shared instance. `$schema` picks
 * the dialect and is dropped, as Ajv refuses meta-schema URIs it does not know. A schema that does
 * not compile is the tool's problem: it comes back as `failure`, never thrown.
 */
export class CompiledSchemas {
  private readonly cache = new Map<string, CompiledSchema>();

  constructor(private readonly ajvFor: (schemaUri: unknown) => SchemaCompiler) {}

  get(toolName: string, schema: Record<string, unknown>): CompiledSchema {
    const json = JSON.stringify(schema);
    const cached = this.cache.get(toolName);
    if (cached?.json === json) return cached;
    let compiled: CompiledSchema;
    try {
      const { $schema, ...rest } = schema;
      compiled = { json, run: this.ajvFor($schema).compile(rest) };
    } catch (error) {
      compiled = { json, failure: (error as Error).message };
    }
    this.cache.set(toolName, compiled);
    return compiled;
  }
}
