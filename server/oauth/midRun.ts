/**
 * A call that needs (more) authorization mid-run waits for sign-in instead of failing: the run's
 * stream shows `tool_input_required` with `mode: 'url'` and a fresh authorization URL (through the
 * run's `ask`, the elicitation path), the server shows `needs_auth`, and once the callback has
 * signed it in the request closes by itself and the call goes on.
 */

/** The part of ToolContext.ask (runs/inputRequests.ts) this uses. */
export type AskUser = (
  question: { mode: 'url'; message: string; url: string },
  options: { signal: AbortSignal; serverDone?: AbortSignal },
) => Promise<{ action: 'accept' | 'decline' | 'cancel' }>;

export interface SignInWaits {
  /** A fresh authorization URL for the server. */
  signIn(server: string): Promise<string>;
  /** Calls `then` once the server is signed in (its callback succeeded); returns a function that stops waiting. */
  onSignedIn(server: string, then: () => void): () => void;
}

/**
 * Asks the user to sign in and resolves true once signed in (the call may go again), false when
 * the user declined or cancelled. `reason` is the status error saying why (signInNeeded).
 */
export async function waitForSignIn(server: string, reason: string, ask: AskUser, oauth: SignInWaits, signal: AbortSignal): Promise<boolean> {
  const url = await oauth.signIn(server);
  const signedIn = new AbortController();
  const stop = oauth.onSignedIn(server, () => signedIn.abort());
  try {
    const answer = await ask({ mode: 'url', message: `${reason}. Open the link to sign in; the call goes on once you have.`, url }, { signal, serverDone: signedIn.signal });
    return signedIn.signal.aborted || answer.action === 'accept';
  } finally {
    stop();
  }
}
