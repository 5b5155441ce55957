import type { OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from '@modelcontextprotocol/client';
import type { Db } from '../store/db';

/** How long a sign-in link stays usable: an authorization server's own codes live minutes, not hours. */
export const PENDING_TTL_MS = 30 * 60_000;

interface CredentialRow {
  tokens: string | null;
  expires_at: number | null;
  client_information: string | null;
  discovery_state: string | null;
}

/** Tokens as stored: the SDK's, plus when the access token expires (ms since the epoch) and how long it lived. */
export interface SavedTokens {
  tokens: StoredOAuthTokens;
  expiresAt: number | null;
}

const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

/**
 * What the OAuth client keeps per MCP server (migration 5). Nothing here is ever logged or sent to
 * a browser: the routers answer with statuses and authorization URLs only.
 */
export class OAuthStore {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  private row(server: string): CredentialRow | undefined {
    return this.db
      .prepare('SELECT tokens, expires_at, client_information, discovery_state FROM oauth_credentials WHERE server = ?')
      .get(server) as CredentialRow | undefined;
  }

  private write(server: string, column: 'tokens' | 'client_information' | 'discovery_state', value: unknown, expiresAt?: number | null): void {
    const text = value === undefined ? null : JSON.stringify(value);
    this.db
      .prepare(
        `INSERT INTO oauth_credentials (server, ${column}, updated_at${column === 'tokens' ? ', expires_at' : ''})
         VALUES (@server, @text, @now${column === 'tokens' ? ', @expiresAt' : ''})
         ON CONFLICT (server) DO UPDATE SET ${column} = @text, updated_at = @now${column === 'tokens' ? ', expires_at = @expiresAt' : ''}`,
      )
      .run({ server, text, now: this.now(), expiresAt: expiresAt ?? null });
  }

  tokens(server: string): SavedTokens | undefined {
    const row = this.row(server);
    const tokens = parse<StoredOAuthTokens>(row?.tokens ?? null);
    return tokens ? { tokens, expiresAt: row?.expires_at ?? null } : undefined;
  }

  saveTokens(server: string, tokens: StoredOAuthTokens | undefined): void {
    const expiresAt = tokens?.expires_in === undefined ? null : this.now() + tokens.expires_in * 1000;
    this.write(server, 'tokens', tokens, expiresAt);
  }

  clientInformation(server: string): StoredOAuthClientInformation | undefined {
    return parse(this.row(server)?.client_information ?? null);
  }

  saveClientInformation(server: string, info: StoredOAuthClientInformation | undefined): void {
    this.write(server, 'client_information', info);
  }

  discoveryState(server: string): OAuthDiscoveryState | undefined {
    return parse(this.row(server)?.discovery_state ?? null);
  }

  saveDiscoveryState(server: string, state: OAuthDiscoveryState | undefined): void {
    this.write(server, 'discovery_state', state);
  }

  /** Sign out: tokens and the sign-ins under way go; the registered client and discovery stay (they are no secret of the user's). */
  forget(server: string): void {
    this.db.transaction(() => {
      this.write(server, 'tokens', undefined, null);
      this.db.prepare('DELETE FROM oauth_pending WHERE server = ?').run(server);
    })();
  }

  addPending(state: string, server: string, codeVerifier: string): void {
    // Each 401 at connect makes one (the SDK starts an authorization): old ones go as new ones come.
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM oauth_pending WHERE created_at < ?').run(this.now() - PENDING_TTL_MS);
      this.db.prepare('INSERT INTO oauth_pending (state, server, code_verifier, created_at) VALUES (?, ?, ?, ?)').run(state, server, codeVerifier, this.now());
    })();
  }

  /** Takes a sign-in's state: at most once (the row goes), and only while it is fresh. */
  takePending(state: string): { server: string; codeVerifier: string } | undefined {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM oauth_pending WHERE created_at < ?').run(this.now() - PENDING_TTL_MS);
      const row = this.db.prepare('SELECT server, code_verifier FROM oauth_pending WHERE state = ?').get(state) as
        | { server: string; code_verifier: string }
        | undefined;
      if (!row) return undefined;
      this.db.prepare('DELETE FROM oauth_pending WHERE state = ?').run(state);
      return { server: row.server, codeVerifier: row.code_verifier };
    })();
  }
}
