/**
 * The approval policy of a tool call (config `approvals`): `auto` runs it, `ask` waits for the
 * user's decision (executions.approve), `deny` refuses it. The tool's own entry (its full name)
 * beats its MCP server's (the `mcpServers` key); with neither, a command the user typed runs and a
 * call the AI model makes asks. Entries are read as own properties only: a server named `toString`
 * must not find Object.prototype.toString and skip the question (ownKeys.ts).
 */
import type { RequestedBy } from '../../shared/api';
import { fieldOf } from '../config/errors';
import { ownEntry } from '../config/ownKeys';
import type { ApprovalPolicy, Config } from '../config/schema';

export interface PolicyDecision {
  policy: ApprovalPolicy;
  /** The config field that set it (`approvals.tools.shell`, `approvals.tools["everything.get-sum"]`), or null for the default. */
  setBy: string | null;
}

export const DEFAULT_POLICY: Readonly<Record<RequestedBy, ApprovalPolicy>> = { user: 'auto', model: 'ask' };

export function policyFor(approvals: Config['approvals'], tool: string, requestedBy: RequestedBy): PolicyDecision {
  const own = ownEntry(approvals.tools, tool);
  if (own) return { policy: own, setBy: fieldOf(['approvals', 'tools', tool]) };
  const dot = tool.indexOf('.');
  const server = dot < 0 ? undefined : tool.slice(0, dot);
  const byServer = server === undefined ? undefined : ownEntry(approvals.servers, server);
  if (server !== undefined && byServer) return { policy: byServer, setBy: fieldOf(['approvals', 'servers', server]) };
  return { policy: DEFAULT_POLICY[requestedBy], setBy: null };
}

/** What a `deny` refusal says: the tool, the policy and where it is set. */
export function deniedMessage(tool: string, decision: PolicyDecision): string {
  return `the tool "${tool}" is denied by ${decision.setBy ?? 'the default approval policy'} in fragments.config.json`;
}
