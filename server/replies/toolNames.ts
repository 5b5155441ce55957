/**
 * Tool names as the Chat Completions API accepts them (^[a-zA-Z0-9_-]{1,64}$). Ours hold `.`
 * (`everything.get-sum`) and MCP tool names may hold anything, so each name gets an API name —
 * `.` becomes `__`, anything else outside the alphabet `_`, cut to 64 — and names that collide get
 * `_2`, `_3`, … in registry order. The table maps both ways, so a model's call always finds its tool.
 */
const MAX = 64;

function sanitize(name: string): string {
  const plain = name.replaceAll('.', '__').replace(/[^a-zA-Z0-9_-]/g, '_');
  return (plain || 'tool').slice(0, MAX);
}

export class ToolNameTable {
  private readonly toApi = new Map<string, string>();
  private readonly fromApi = new Map<string, string>();

  constructor(names: readonly string[]) {
    for (const name of names) this.add(name);
  }

  private add(name: string): string {
    const known = this.toApi.get(name);
    if (known) return known;
    const base = sanitize(name);
    let candidate = base;
    for (let n = 2; this.fromApi.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = base.slice(0, MAX - suffix.length) + suffix;
    }
    this.toApi.set(name, candidate);
    this.fromApi.set(candidate, name);
    return candidate;
  }

  /** The API name of a tool; a tool no longer in the registry (old history) gets one too. */
  apiName(name: string): string {
    return this.add(name);
  }

  /** The registry name a model's call means, or undefined for a name we never offered. */
  toolName(apiName: string): string | undefined {
    return this.fromApi.get(apiName);
  }
}
