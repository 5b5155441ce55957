const STORAGE_KEY = 'fragments.token';

/**
 * The server token, when the server needs one (FRAGMENTS_TOKEN). It arrives once as `?token=…`
 * in the page URL (the server prints such a link) and is kept in localStorage; we strip it from
 * the address bar so it does not linger in history or screenshots.
 */
export function readToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
    return fromUrl;
  }
  return localStorage.getItem(STORAGE_KEY);
}

export function saveToken(token: string): void {
  localStorage.setItem(STORAGE_KEY, token);
}
