const SESSION_KEY = 'fragments.session';

/** One session per browser: the server records which session wrote each fragment. */
export function getSessionId(): string | undefined {
  return localStorage.getItem(SESSION_KEY) ?? undefined;
}

export function setSessionId(id: string): void {
  localStorage.setItem(SESSION_KEY, id);
}
