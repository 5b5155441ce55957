/**
 * Decides whether a chat message is a tool command (`/<tool> <args>`) or plain text.
 *
 * This is deliberately conservative: anything that merely *looks* like it starts with a slash
 * (a path, a smiley, a lone `/`) stays text, so people can talk about `/etc/hosts` without the
 * server refusing their message as an unknown tool.
 */

export type Detected = { kind: 'text'; text: string } | { kind: 'command'; tool: string; rawArgs: string };

/**
 * A builtin tool name (`echo`) or `<server>.<tool>`. The server part is a config key (no dots);
 * an MCP tool's own name may contain `-`, `_` and further dots (`everything.get-sum`, `a.b.c`).
 * Non-ASCII letters are not accepted: `/héllo` or `/😀` is far more likely chat than a tool.
 */
const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/** The command token runs from after the `/` to the first whitespace of any kind (incl. newline, tab, NBSP). */
const TOKEN = /^\S*/u;

export function detectCommand(content: string): Detected {
  // Only column 0 counts: "  /echo x" is text. Leading whitespace usually means the slash is part
  // of a sentence or pasted snippet, and a command is an explicit act, so we do not trim first.
  if (!content.startsWith('/')) return { kind: 'text', text: content };

  // `//` is the escape hatch for text that must start with a slash: drop exactly one slash,
  // so `///x` is sent as `//x`.
  if (content.startsWith('//')) return { kind: 'text', text: content.slice(1) };

  const token = TOKEN.exec(content.slice(1))?.[0] ?? '';
  // A further slash means a path (`/etc/hosts`, `/usr/bin/env x`), not a tool.
  if (token.includes('/')) return { kind: 'text', text: content };
  // `/`, `/ hello`, `/123`, `/?`, `/:)` and the like are chat, not a misspelt tool.
  if (!TOOL_NAME.test(token)) return { kind: 'text', text: content };

  // Arguments may span lines (JSON pasted over several lines); only the outer whitespace goes.
  return { kind: 'command', tool: token, rawArgs: content.slice(1 + token.length).trim() };
}
