import type { z } from 'zod';

/** A config or environment problem that must stop start-up; the message names file and field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `mcpServers.everything.command`; keys that are not plain words are quoted: `mcpServers["a.b"]`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_][\w-]*$/.test(String(key)) ? `${i > 0 ? '.' : ''}${String(key)}` : `["${String(key)}"]`))
    .join('');
}

function messageOf(issue: z.core.$ZodIssue): string {
  // A bad record key carries the key schema's own complaint one level down.
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return issue.issues.map((inner) => inner.message).join('; ');
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}

/** `<where> is invalid:` and one line per issue, each naming its field (or variable). */
export function describeIssues(where: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${fieldOf(issue.path)}: ${messageOf(issue)}`);
  return `${where} is invalid:\n${lines.join('\n')}`;
}
