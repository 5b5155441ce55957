import type { ServerInfo, ServerStatus } from '../../../shared/servers';
import { describeRequestError } from '../lib/errors';
import { BidiSafeText } from '../tools/BidiSafeText';
import { trpc } from '../trpc';
import { useServerUpdate } from './useServers';
import { useSignIn } from './useSignIn';

const LABEL: Record<ServerStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  needs_auth: 'Needs sign-in',
  failed: 'Failed',
  disabled: 'Disabled',
};

function Details({ server }: { server: ServerInfo }) {
  const tools = `${server.toolCount} tool${server.toolCount === 1 ? '' : 's'}`;
  const facts = [server.transport === 'http' ? 'Streamable HTTP' : 'stdio'];
  if (server.status === 'connected') {
    facts.push(server.protocolVersion ? `MCP ${server.protocolVersion}` : 'MCP', tools);
    if (server.serverInfo) facts.push(`${server.serverInfo.name} ${server.serverInfo.version}`);
  }
  if (server.status === 'disabled') facts.push('"disabled": true in fragments.config.json');
  return <p className="server-facts">{facts.join(' · ')}</p>;
}

function SignInButton({ server }: { server: ServerInfo }) {
  const { signIn, pending, error } = useSignIn(server.name);
  return (
    <>
      <button type="button" className="button button-primary button-small" aria-label={`Sign in to ${server.name}`} disabled={pending} onClick={() => void signIn()}>
        {pending ? 'Opening sign-in…' : 'Sign in'}
      </button>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </>
  );
}

function ReconnectButton({ server }: { server: ServerInfo }) {
  const update = useServerUpdate();
  const reconnect = trpc.servers.reconnect.useMutation({ onSuccess: update });
  return (
    <>
      <button
        type="button"
        className={`button button-small${server.status === 'failed' ? ' button-primary' : ''}`}
        aria-label={`Reconnect ${server.name}`}
        disabled={reconnect.isPending}
        onClick={() => reconnect.mutate({ name: server.name })}
      >
        {reconnect.isPending ? 'Reconnecting…' : 'Reconnect'}
      </button>
      {reconnect.error && <p className="inline-error" role="alert">{describeRequestError(reconnect.error).message}</p>}
    </>
  );
}

/** One MCP server: its status, what it offers or why it cannot, and what the user can do about it. */
export function ServerCard({ server }: { server: ServerInfo }) {
  const titleId = `server-${server.name}`;
  return (
    <li className={`server-card server-${server.status}`} aria-labelledby={titleId}>
      <div className="server-head">
        <h2 className="server-name" id={titleId}>
          {server.name}
        </h2>
        <span className={`badge server-badge-${server.status}`}>{LABEL[server.status]}</span>
      </div>
      <Details server={server} />
      {server.error && (
        <pre className="server-error" role="group" aria-label={`Why ${server.name} is not connected`}>
          <BidiSafeText text={server.error} />
        </pre>
      )}
      <div className="server-actions">
        {server.status === 'needs_auth' && <SignInButton server={server} />}
        {(server.status === 'failed' || server.status === 'connected') && <ReconnectButton server={server} />}
      </div>
    </li>
  );
}
