import { IssuerMismatchError, OAuthError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { SqliteOAuthProvider } from './provider';
import type { OAuthStore } from './store';

/** A sign-in that did not finish; `server` is set once the state named one. Its message is safe to show. */
export class SignInError extends Error {
  override name = 'SignInError';
  constructor(message: string, readonly server?: string) {
    super(message);
  }
}

/** Why a code exchange failed, in words for the user; never a token, a secret or attacker-chosen text after a mix-up. */
export function describeSignInFailure(server: string, error: unknown): string {
  if (error instanceof IssuerMismatchError) {
    // The callback's error text is the attacker's in a mix-up (RFC 9207): none of it is shown.
    return `sign-in to MCP server "${server}" was refused: the answer did not come from the authorization server it was sent to (issuer mismatch)`;
  }
  if (error instanceof OAuthError) return `sign-in to MCP server "${server}" failed: the authorization server answered ${error.code} (${error.message})`;
  return `sign-in to MCP server "${server}" failed: ${(error as Error).message}`;
}

/**
 * Finishes a sign-in from the authorization server's redirect. The `state` is its only
 * authorisation (the browser comes from another site, without the app's login cookie): single
 * use, bound to one server and one PKCE verifier. The SDK's finishAuth checks `iss` (RFC 9207)
 * and exchanges the code; the tokens land in SQLite through the provider.
 */
export async function completeSignIn(
  params: URLSearchParams,
  deps: {
    store: OAuthStore;
    provider(server: string): SqliteOAuthProvider | undefined;
    serverUrl(server: string): URL | undefined;
    /** Told once the state named a server, before its code is exchanged. */
    onExchanging?(server: string): void;
  },
): Promise<string> {
  const state = params.get('state');
  if (!state) throw new SignInError('this address has no sign-in state: start the sign-in again from the Servers panel');
  const pending = deps.store.takePending(state);
  if (!pending) throw new SignInError('this sign-in link is unknown, expired or was already used: start the sign-in again from the Servers panel');
  const provider = deps.provider(pending.server);
  const url = deps.serverUrl(pending.server);
  if (!provider || !url) throw new SignInError(`MCP server "${pending.server}" is no longer configured`, pending.server);
  deps.onExchanging?.(pending.server);
  try {
    // finishAuth needs no started transport: it runs auth() with the code (and validates `iss` first).
    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: provider.fetch });
    await provider.finish(pending.codeVerifier, () => transport.finishAuth(params));
  } catch (error) {
    throw new SignInError(describeSignInFailure(pending.server, error), pending.server);
  }
  return pending.server;
}
