import { trpc } from '../trpc';

/** A fresh conversation: what the app does, and the tools one `/` away. */
export function WelcomePanel() {
  const tools = trpc.tools.list.useQuery(undefined, { staleTime: 30_000 });
  const examples = ['/echo text="hello"', '/count to=20 intervalMs=100'];
  return (
    <div className="welcome">
      <h2 className="welcome-title">Start a conversation</h2>
      <p>
        Write a message, or type <kbd>/</kbd> to run a tool — its output streams in live and every run is kept as a fragment.
      </p>
      <ul className="welcome-examples" aria-label="Examples">
        {examples.map((example) => (
          <li key={example}>
            <code>{example}</code>
          </li>
        ))}
      </ul>
      {tools.data && (
        <p className="welcome-meta">
          {tools.data.length} tools available ({tools.data.filter((tool) => tool.source.kind === 'mcp').length} from MCP servers).
        </p>
      )}
    </div>
  );
}
