/**
 * The config's maps are keyed by names the user picks (`mcpServers`, `approvals.servers`,
 * `approvals.tools`, `timeouts.tools`, `env`, `headers`) and MCP servers name their own tools. A
 * plain `map[name]` also finds what every object inherits: a server named `toString` made
 * `approvals.servers[server]` a function, and a model's call ran without asking. So every lookup
 * by such a name reads own properties only (ownEntry), and the names that no JavaScript object can
 * hold safely are refused with the key's path (reservedKeyIssues) instead of being dropped: zod's
 * records skip `__proto__` silently, while JSON.parse keeps it as an own property.
 */

/** Names refused as config keys: `__proto__` would be dropped or replace a prototype, the others shadow what every object has. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** `map[key]` when `map` itself holds `key`; never an inherited member such as `toString` or `constructor`. */
export function ownEntry<V>(map: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export interface ReservedKey {
  path: PropertyKey[];
  key: string;
}

/** Every own key of `raw` (parsed JSON, before any schema) that is reserved, at any depth, with its path. */
export function reservedKeys(raw: unknown): ReservedKey[] {
  const found: ReservedKey[] = [];
  const stack: Array<[unknown, PropertyKey[]]> = [[raw, []]]; // iterative: a deeply nested file must not overflow
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value !== 'object' || value === null) continue;
    const inside: Array<[unknown, PropertyKey[]]> = [];
    for (const key of Object.keys(value)) {
      const inner = [...path, Array.isArray(value) ? Number(key) : key];
      if (!Array.isArray(value) && RESERVED_KEYS.has(key)) found.push({ path: inner, key });
      inside.push([(value as Record<string, unknown>)[key], inner]);
    }
    stack.push(...inside.reverse()); // popped in the file's order, so the errors are listed in it
  }
  return found;
}

export function reservedKeyMessage(key: string): string {
  return `"${key}" cannot be used as a name: every JavaScript object has a property of that name; rename it`;
}
