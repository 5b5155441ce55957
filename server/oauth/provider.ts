import {
  UnauthorizedError,
  auth,
  computeScopeUnion,
  extractWWWAuthenticateParams,
  isStrictScopeSuperset,
  type AuthProvider,
  type AuthResult,
  type FetchLike,
  type InsufficientScopeError,
  type OAuthClientInformationContext,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { createHash } from 'node:crypto';
import type { OAuthStore } from './store';

/** Refresh this long before the access token expires (or at half its life, for short-lived ones). */
const REFRESH_MARGIN_MS = 60_000;

export const CALLBACK_PATH = '/oauth/callback';

/** Thrown where a redirect URL is needed before the app knows where browsers reach it (port 0 before listen). */
export class PublicUrlUnknownError extends Error {
  override name = 'PublicUrlUnknownError';
}

export interface ServerOAuthConfig {
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

export interface OAuthClientOptions {
  /** The configured server name: the key of everything stored. */
  server: string;
  serverUrl: URL;
  store: OAuthStore;
  /** Where a browser reaches the app, without a trailing slash; undefined until known. */
  publicUrl(): string | undefined;
  /** The server entry's `oauth` block: a pre-registered client and a default scope. */
  config?: ServerOAuthConfig;
  /** Top-level `oauth.clientMetadataUrl`: the client id where the authorization server accepts metadata documents. */
  clientMetadataUrl?: string;
  /** Told each authorization URL made (sign-in, or a refresh that could not be done without the user). */
  onAuthorizationUrl?(url: URL): void;
  fetch?: FetchLike;
  now?(): number;
}

type UnauthorizedContext = Parameters<NonNullable<AuthProvider['onUnauthorized']>>[0];

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * The SDK's OAuthClientProvider for one MCP server, backed by SQLite (oauth_credentials,
 * oauth_pending). The SDK does the OAuth (discovery, registration or a metadata-document client
 * id, PKCE, `resource`, the `iss` check, the token requests); this keeps what it asks to keep and
 * adds what a server with many concurrent calls needs: one refresh at a time.
 */
export class SqliteOAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl: string | undefined;
  /** The single flight: every caller that needs new tokens while one auth() runs awaits that one. */
  private reauthorizing: Promise<AuthResult> | undefined;
  /** Verifiers the SDK made, until redirectToAuthorization pairs each with its state (by its challenge). */
  private unpaired: string[] = [];
  /** The verifier of the sign-in the callback is finishing; codeVerifier() reads it. */
  private exchanging: string | undefined;
  /** Which access token each request to the MCP server carried, by its response: a 401 for an old one needs no refresh. */
  private readonly sentWith = new WeakMap<Response, string>();
  private readonly now: () => number;
  readonly fetch: FetchLike;
  private finishing: Promise<void> = Promise.resolve();
  /** The scope a step-up asked for, kept for the sign-in that follows. */
  private requestedScope: string | undefined;

  constructor(private readonly options: OAuthClientOptions) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.now = options.now ?? Date.now;
    const base = options.fetch ?? fetch;
    this.fetch = async (url, init) => {
      const response = await base(url, init);
      const sent = new Headers(init?.headers).get('authorization');
      if (response.status === 401 && sent?.startsWith('Bearer ')) this.sentWith.set(response, sent.slice('Bearer '.length));
      return response;
    };
  }

  get server(): string {
    return this.options.server;
  }

  get redirectUrl(): string {
    const base = this.options.publicUrl();
    if (!base) throw new PublicUrlUnknownError(`sign-in for MCP server "${this.server}" needs the app's address (publicUrl), not known yet`);
    return `${base}${CALLBACK_PATH}`;
  }

  get clientMetadata(): OAuthClientMetadata {
    const secret = this.options.config?.clientSecret;
    return {
      client_name: 'Fragments Chat',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: secret ? 'client_secret_basic' : 'none',
      ...(this.options.config?.scope ? { scope: this.options.config.scope } : {}),
    };
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    const { clientId, clientSecret } = this.options.config ?? {};
    const stored = this.options.store.clientInformation(this.server);
    if (!clientId) return stored;
    // A pre-registered client in the config always wins over one registered dynamically; of what
    // is stored for it only the issuer stamp is kept (the secret stays in the config).
    const issuer = stored?.client_id === clientId ? stored.issuer : undefined;
    return { client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}), ...(issuer ? { issuer } : {}) };
  }

  saveClientInformation(info: StoredOAuthClientInformation): void {
    const clientId = this.options.config?.clientId;
    const kept = clientId ? { client_id: clientId, ...(info.issuer ? { issuer: info.issuer } : {}) } : info;
    this.options.store.saveClientInformation(this.server, kept);
  }

  tokens(ctx?: OAuthClientInformationContext): StoredOAuthTokens | undefined {
    void ctx;
    return this.options.store.tokens(this.server)?.tokens;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.options.store.saveTokens(this.server, tokens);
  }

  state(): string {
    return createHash('sha256').update(crypto.getRandomValues(new Uint8Array(32))).digest('base64url');
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.unpaired.push(codeVerifier);
  }

  codeVerifier(): string {
    if (!this.exchanging) throw new Error(`no sign-in of MCP server "${this.server}" is being finished`);
    return this.exchanging;
  }

  /** Pairs the URL's state with the verifier whose challenge it carries, stores both, and hands the URL on. */
  redirectToAuthorization(authorizationUrl: URL): void {
    const state = authorizationUrl.searchParams.get('state');
    const challenge = authorizationUrl.searchParams.get('code_challenge');
    const verifier = this.unpaired.find((candidate) => s256(candidate) === challenge);
    this.unpaired = this.unpaired.filter((candidate) => candidate !== verifier);
    if (!state || !verifier) throw new Error(`the SDK made an authorization URL for MCP server "${this.server}" without its state or PKCE challenge`);
    this.options.store.addPending(state, this.server, verifier);
    this.options.onAuthorizationUrl?.(authorizationUrl);
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.options.store.saveDiscoveryState(this.server, state);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.options.store.discoveryState(this.server);
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    const { store } = this.options;
    if (scope === 'all' || scope === 'tokens') store.saveTokens(this.server, undefined);
    if (scope === 'all' || scope === 'client') store.saveClientInformation(this.server, undefined);
    if (scope === 'all' || scope === 'discovery') store.saveDiscoveryState(this.server, undefined);
  }

  /**
   * Where the resource's metadata is, when a 401 said so (`resource_metadata` in WWW-Authenticate):
   * it may be at a path no well-known lookup finds, and a sign-in started later needs it too.
   */
  private resourceMetadataUrl: URL | undefined;

  private authOptions() {
    return { serverUrl: this.options.serverUrl, fetchFn: this.fetch, ...(this.resourceMetadataUrl ? { resourceMetadataUrl: this.resourceMetadataUrl } : {}) };
  }

  /** One auth() at a time for refreshes: N calls that find the token stale or get 401 share one token request. */
  private reauthorize(extra: { scope?: string; resourceMetadataUrl?: URL }): Promise<AuthResult> {
    this.reauthorizing ??= auth(this, { ...this.authOptions(), ...extra }).finally(() => (this.reauthorizing = undefined));
    return this.reauthorizing;
  }

  private expiresSoon(): boolean {
    const saved = this.options.store.tokens(this.server);
    if (!saved?.tokens.refresh_token || saved.expiresAt === null) return false;
    const lifetime = (saved.tokens.expires_in ?? 0) * 1000;
    return this.now() >= saved.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 2);
  }

  /** The access token for the next request, refreshed first when it is about to expire. */
  async accessToken(): Promise<string | undefined> {
    if (this.expiresSoon()) await this.reauthorize({}).catch(() => undefined);
    return this.tokens()?.access_token;
  }

  /**
   * What the transport gets as its `authProvider`: the SDK would run one auth() per 401, so N
   * concurrent calls would each refresh (and, with rotating refresh tokens, all but one fail).
   */
  authProvider(): AuthProvider {
    return {
      token: () => this.accessToken(),
      onUnauthorized: async (ctx: UnauthorizedContext) => {
        // A request sent with a token that has been replaced since: just retry with the new one.
        const rejected = this.sentWith.get(ctx.response);
        if (rejected !== undefined && rejected !== this.tokens()?.access_token) return;
        const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(ctx.response);
        if (resourceMetadataUrl) this.resourceMetadataUrl = resourceMetadataUrl;
        if (scope) this.requestedScope = computeScopeUnion(this.requestedScope, scope);
        const result = await this.reauthorize({ resourceMetadataUrl, scope: this.requestedScope });
        if (result !== 'AUTHORIZED') throw new UnauthorizedError(`MCP server "${this.server}" needs sign-in`);
      },
    };
  }

  /**
   * Step-up on 403 insufficient_scope (the SDK's own rule: ask for the union of scopes; refresh
   * only when that adds nothing to what was granted, else a new authorization by the user).
   */
  async stepUp(challenge: InsufficientScopeError): Promise<AuthResult> {
    if (challenge.resourceMetadataUrl) this.resourceMetadataUrl = challenge.resourceMetadataUrl;
    const granted = this.tokens()?.scope;
    const union = computeScopeUnion(this.requestedScope, granted, challenge.requiredScope);
    this.requestedScope = union;
    if (isStrictScopeSuperset(union, granted)) {
      return auth(this, { ...this.authOptions(), scope: union, resourceMetadataUrl: challenge.resourceMetadataUrl, forceReauthorization: true });
    }
    return this.reauthorize({ scope: union, resourceMetadataUrl: challenge.resourceMetadataUrl });
  }

  /** A new authorization URL for the user (servers.signIn): always a fresh request, never a refresh. */
  async signIn(): Promise<URL> {
    let made: URL | undefined;
    const hand = this.options.onAuthorizationUrl;
    this.options.onAuthorizationUrl = (url) => {
      made = url;
      hand?.(url);
    };
    try {
      const result = await auth(this, { ...this.authOptions(), scope: this.requestedScope, forceReauthorization: true });
      if (result !== 'REDIRECT' || !made) throw new Error(`the authorization server of MCP server "${this.server}" gave no authorization URL`);
      return made;
    } finally {
      this.options.onAuthorizationUrl = hand;
    }
  }

  /** Exchanges the callback's code with the verifier of that sign-in (`finish` runs the SDK's finishAuth); one at a time. */
  finish(codeVerifier: string, finish: () => Promise<void>): Promise<void> {
    const run = async () => {
      await this.reauthorizing?.catch(() => undefined);
      this.exchanging = codeVerifier;
      try {
        await finish();
      } finally {
        this.exchanging = undefined;
      }
    };
    const next = this.finishing.then(run, run);
    this.finishing = next.catch(() => undefined);
    return next;
  }

  /** Sign out: the tokens go (and every sign-in under way); the registered client stays. */
  signOut(): void {
    this.requestedScope = undefined;
    this.options.store.forget(this.server);
  }
}
