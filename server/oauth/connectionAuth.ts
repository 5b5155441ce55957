import { InsufficientScopeError, UnauthorizedError } from '@modelcontextprotocol/client';
import { PublicUrlUnknownError, type SqliteOAuthProvider } from './provider';

/** Step-ups one request may make (new scope, then the same request again) before it fails. */
const MAX_STEP_UPS = 2;

/**
 * What a server's status says when `error` means it waits for the user to sign in (a 401 the
 * provider could not cure, a 403 asking for more scope than a refresh can give), or undefined for
 * any other failure.
 */
export function signInNeeded(server: string, error: unknown): string | undefined {
  if (error instanceof InsufficientScopeError) {
    return `MCP server "${server}" needs more permissions${error.requiredScope ? ` (scope "${error.requiredScope}")` : ''}: sign in again (Sign in in the Servers panel, or servers.signIn)`;
  }
  if (error instanceof UnauthorizedError || error instanceof PublicUrlUnknownError) {
    return `MCP server "${server}" needs sign-in: use Sign in in the Servers panel (servers.signIn)`;
  }
  return undefined;
}

/**
 * Runs one request to the server; a 403 insufficient_scope steps up (provider.stepUp: the union of
 * scopes, by refresh when that can grant it) and runs it again, at most MAX_STEP_UPS times. When
 * the user must approve the new scope, the InsufficientScopeError goes on up (signInNeeded).
 */
export async function withStepUp<T>(provider: SqliteOAuthProvider | undefined, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!provider || !(error instanceof InsufficientScopeError) || attempt >= MAX_STEP_UPS) throw error;
      if ((await provider.stepUp(error)) !== 'AUTHORIZED') throw error;
    }
  }
}
