import type { OAuthClientMetadata } from '@modelcontextprotocol/client';

/**
 * The Client ID Metadata Document served at `oauth.clientMetadataUrl`'s path when that URL points
 * at the app: an authorization server that supports them fetches it to learn who the client id
 * (that very URL) is and where it may redirect.
 */
export function clientMetadataDocument(clientMetadataUrl: string, metadata: OAuthClientMetadata): Record<string, unknown> {
  return { ...metadata, client_id: clientMetadataUrl, token_endpoint_auth_method: 'none' };
}

/** Whether `path` is where the document lives: the app serves it only when the URL's origin is the app's public one. */
export function servesMetadataDocument(clientMetadataUrl: string | undefined, publicUrl: string | undefined, path: string): boolean {
  if (!clientMetadataUrl || !publicUrl) return false;
  const target = new URL(clientMetadataUrl);
  return target.origin === new URL(publicUrl).origin && target.pathname === path;
}
