/** Test helpers for OAuth: what a browser does between the authorization URL and the app's callback. */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../store/db';
import { SqliteOAuthProvider, type OAuthClientOptions } from './provider';
import { OAuthStore } from './store';

/** Follows the (auto-approving) authorize endpoint's redirect: where it sends the browser back to. */
export async function redirectOf(authorizationUrl: URL | string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(location);
}

/** The callback's query the authorization server sends the browser back with. */
export async function approve(authorizationUrl: URL | string): Promise<URLSearchParams> {
  return (await redirectOf(authorizationUrl)).searchParams;
}

export function testStore(): { db: Db; store: OAuthStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fragments-oauth-'));
  const db = openDatabase(dir);
  return { db, store: new OAuthStore(db), dir };
}

export function testProvider(store: OAuthStore, serverUrl: string, extra: Partial<OAuthClientOptions> = {}): SqliteOAuthProvider {
  return new SqliteOAuthProvider({ server: 'remote', serverUrl: new URL(serverUrl), store, publicUrl: () => 'http://127.0.0.1:9', ...extra });
}

/** A v2 client on the server with the provider as its transport's authProvider, as the app connects. */
export async function connectWith(provider: SqliteOAuthProvider, serverUrl: string): Promise<Client> {
  const client = new Client({ name: 'oauth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider.authProvider(), fetch: provider.fetch }));
  return client;
}
