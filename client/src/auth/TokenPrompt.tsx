import { useState } from 'react';
import { exchangeToken, type LoginResult } from './token';

const PROBLEM: Record<Exclude<LoginResult, 'ok'>, string> = {
  wrong: 'That is not the token this server was started with.',
  limited: 'Too many wrong tokens from this address: wait a minute and try again.',
  failed: 'The server did not answer. Is it running?',
};

/** The server wants a token (FRAGMENTS_TOKEN) and this browser has no session: ask for it once. */
export function TokenPrompt() {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="token-prompt">
      <form
        className="token-card"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void exchangeToken(token.trim()).then((result) => {
            setBusy(false);
            if (result === 'ok') location.reload();
            else setProblem(PROBLEM[result]);
          });
        }}
      >
        <h1>This server needs a token</h1>
        <p>
          Enter the value of FRAGMENTS_TOKEN that the server was started with, or open the login link it printed. This browser then
          stays logged in until the server restarts.
        </p>
        <input type="password" className="search-input" aria-label="Token" value={token} onChange={(event) => setToken(event.target.value)} autoFocus />
        {problem && (
          <p role="alert" className="token-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={!token.trim() || busy}>
          Continue
        </button>
      </form>
    </main>
  );
}
