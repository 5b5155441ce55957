import type { Config } from '../config/schema';
import { AppError } from '../errors/appError';
import type { Db } from '../store/db';
import { SignInError, completeSignIn } from './callback';
import { clientMetadataDocument, servesMetadataDocument } from './metadataDocument';
import { SqliteOAuthProvider } from './provider';
import { OAuthStore } from './store';

export interface OAuthServiceOptions {
  /** Told when a server finished signing in (it should connect now). */
  onSignedIn?(server: string): void | Promise<void>;
  /** Told while a server's code is exchanged (its status is `connecting`). */
  onExchanging?(server: string): void;
  /** Told why a sign-in failed or ended (its status is `needs_auth`, the reason its error). */
  onSignInFailed?(server: string, reason: string): void;
  /** Told each authorization URL made for a server, and when sign-in is what it waits for. */
  onAuthorizationUrl?(server: string, url: URL): void;
}

/**
 * OAuth for every Streamable HTTP server of the config: one SqliteOAuthProvider each (any of them
 * may answer 401), sign-in and sign-out, the callback, and the Client ID Metadata Document.
 */
export class OAuthService {
  readonly store: OAuthStore;
  private readonly providers = new Map<string, SqliteOAuthProvider>();
  private readonly urls = new Map<string, URL>();
  private publicUrl: string | undefined;
  /** Who waits for a server's sign-in (a call mid-run: midRun.ts). */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(db: Db, private readonly config: Config, private readonly options: OAuthServiceOptions = {}) {
    this.store = new OAuthStore(db);
    this.publicUrl = config.publicUrl;
    for (const [name, entry] of Object.entries(config.mcpServers)) {
      if (!('url' in entry)) continue;
      const serverUrl = new URL(entry.url);
      this.urls.set(name, serverUrl);
      this.providers.set(
        name,
        new SqliteOAuthProvider({
          server: name,
          serverUrl,
          store: this.store,
          publicUrl: () => this.publicUrl,
          config: entry.oauth,
          clientMetadataUrl: config.oauth.clientMetadataUrl,
          onAuthorizationUrl: (url) => this.options.onAuthorizationUrl?.(name, url),
        }),
      );
    }
  }

  /** Once the app listens: the default public URL is the loopback address on its port. */
  listening(port: number): void {
    this.publicUrl ??= `http://127.0.0.1:${port}`;
  }

  get callbackUrl(): string | undefined {
    return this.publicUrl && `${this.publicUrl}/oauth/callback`;
  }

  provider(server: string): SqliteOAuthProvider | undefined {
    return this.providers.get(server);
  }

  private providerOrRefuse(server: string): SqliteOAuthProvider {
    const provider = this.providers.get(server);
    if (provider) return provider;
    if (Object.hasOwn(this.config.mcpServers, server)) {
      throw new AppError('CONFLICT', `MCP server "${server}" runs over stdio: only Streamable HTTP servers sign in with OAuth`);
    }
    throw new AppError('NOT_FOUND', `no MCP server named "${server}" in mcpServers`);
  }

  /** A fresh authorization URL for the user to open (servers.signIn). */
  async signIn(server: string): Promise<string> {
    const provider = this.providerOrRefuse(server);
    try {
      return (await provider.signIn()).href;
    } catch (error) {
      throw new AppError('MCP_SERVER_UNAVAILABLE', `could not start sign-in to MCP server "${server}": ${(error as Error).message}`, { recoverable: true });
    }
  }

  /** Forgets the server's tokens (servers.signOut); its next request needs sign-in again. */
  signOut(server: string): void {
    this.providerOrRefuse(server).signOut();
    this.options.onSignInFailed?.(server, `signed out of MCP server "${server}": sign in to use it again`);
  }

  /** The authorization server's redirect: finishes the sign-in its state names, then connects that server. */
  async callback(params: URLSearchParams): Promise<string> {
    let server: string;
    try {
      server = await completeSignIn(params, {
        store: this.store,
        provider: (name) => this.providers.get(name),
        serverUrl: (name) => this.urls.get(name),
        onExchanging: (name) => this.options.onExchanging?.(name),
      });
    } catch (error) {
      if (error instanceof SignInError && error.server) this.options.onSignInFailed?.(error.server, error.message);
      throw error;
    }
    await this.options.onSignedIn?.(server);
    for (const then of this.waiting.get(server) ?? []) then();
    return server;
  }

  /** Calls `then` once `server` has signed in; the function returned stops waiting. */
  onSignedIn(server: string, then: () => void): () => void {
    const waiters = this.waiting.get(server) ?? new Set();
    this.waiting.set(server, waiters.add(then));
    return () => {
      waiters.delete(then);
      if (waiters.size === 0) this.waiting.delete(server);
    };
  }

  /** The Client ID Metadata Document when `path` is where oauth.clientMetadataUrl points on this app, else undefined. */
  metadataDocument(path: string): Record<string, unknown> | undefined {
    const url = this.config.oauth.clientMetadataUrl;
    if (!url || !servesMetadataDocument(url, this.publicUrl, path) || !this.callbackUrl) return undefined;
    return clientMetadataDocument(url, {
      client_name: 'Fragments Chat',
      client_uri: this.publicUrl,
      redirect_uris: [this.callbackUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
  }
}
