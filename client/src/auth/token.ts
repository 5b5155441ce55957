/** Where older versions kept the token; read once, traded for the cookie, then deleted. */
const LEGACY_STORAGE_KEY = 'fragments.token';

export type LoginResult = 'ok' | 'wrong' | 'limited' | 'failed';

/**
 * Trades the token (FRAGMENTS_TOKEN) for the server's session cookie: HttpOnly, so no script here
 * ever holds it again, and sent by the browser itself with every request, EventSource and WebSocket.
 */
export async function exchangeToken(token: string): Promise<LoginResult> {
  try {
    const response = await fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    });
    if (response.ok) return 'ok';
    if (response.status === 429) return 'limited';
    return response.status === 401 || response.status === 400 ? 'wrong' : 'failed';
  } catch {
    return 'failed';
  }
}

/**
 * The token, when the page was opened through the login URL the server prints
 * (`/login#token=…`; `?token=` still works): taken out of the address bar before anything else runs,
 * so it lingers in no history entry or screenshot, and traded for the cookie. The fragment never
 * reaches the server, a proxy's log or a Referer. Resolves once done (null: nothing to trade).
 */
export async function loginFromUrl(): Promise<LoginResult | null> {
  const url = new URL(location.href);
  const fromHash = new URLSearchParams(url.hash.slice(1)).get('token');
  const fromQuery = url.searchParams.get('token');
  const legacy = localStorage.getItem(LEGACY_STORAGE_KEY);
  localStorage.removeItem(LEGACY_STORAGE_KEY);
  const token = fromHash ?? fromQuery ?? legacy;
  if (fromHash !== null || fromQuery !== null || url.pathname === '/login') {
    history.replaceState(null, '', url.pathname === '/login' ? '/' : `${url.pathname}${stripToken(url.search)}`);
  }
  return token ? exchangeToken(token) : null;
}

function stripToken(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('token');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}
