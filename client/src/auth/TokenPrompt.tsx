import { useState } from 'react';
import { saveToken } from './token';

/** The server wants a token (FRAGMENTS_TOKEN) and we have none, or a wrong one: ask for it once. */
export function TokenPrompt() {
  const [token, setToken] = useState('');
  return (
    <main className="token-prompt">
      <form
        className="token-card"
        onSubmit={(event) => {
          event.preventDefault();
          saveToken(token.trim());
          location.reload();
        }}
      >
        <h1>This server needs a token</h1>
        <p>Enter the value of FRAGMENTS_TOKEN that the server was started with. It is kept in this browser only.</p>
        <input type="password" className="search-input" aria-label="Token" value={token} onChange={(event) => setToken(event.target.value)} autoFocus />
        <button type="submit" className="button button-primary" disabled={!token.trim()}>
          Continue
        </button>
      </form>
    </main>
  );
}
