/**
 * Test-only builtin tools for runs that must stay live: `hold name=<gate>` prints a line and then
 * waits until the test calls `release(name)` (or the run is cancelled). A test that needs a running
 * execution (cancel, queue full, a vanished reader) holds it here instead of on a slow timer, so a
 * busy machine cannot finish the run before the test has done its part.
 */
import type { Tool } from '../tools/types';

export interface Gates {
  tool: Tool;
  /** Lets every run held on `name` finish successfully. */
  release(name: string): void;
}

export function createGates(): Gates {
  const waiting = new Map<string, (() => void)[]>();
  const released = new Set<string>();
  const tool: Tool = {
    name: 'hold',
    description: 'Test gate: prints one line, then runs until the test releases the named gate',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
    source: { kind: 'builtin' },
    async call(args, ctx) {
      const name = String(args.name);
      ctx.output(`holding ${name}\n`);
      if (!released.has(name)) {
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(ctx.signal.reason);
          ctx.signal.addEventListener('abort', onAbort, { once: true });
          waiting.set(name, [...(waiting.get(name) ?? []), () => (ctx.signal.removeEventListener('abort', onAbort), resolve())]);
        });
      }
      return { isError: false, text: `released ${name}` };
    },
  };
  return {
    tool,
    release(name) {
      released.add(name);
      for (const wake of waiting.get(name) ?? []) wake();
      waiting.delete(name);
    },
  };
}

/**
 * Waits until `check` holds, for at most `timeoutMs`, and says whether it did. Only for states no
 * event announces (a grandchild process gone, a reader released); the bound is generous because
 * the machine may be busy, and the caller asserts the result.
 */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
