/**
 * resources.list / resources.templates / resources.read: one page at a time of a server's
 * resources and templates, and one resource's contents, as shared/mcpFeatures.ts shapes them
 * (only the fields the app shows: MCP's `_meta`, icons and annotations are left out).
 */
import type { ReadResourceResult, ResourceContent, ResourceInfo, ResourceTemplateInfo } from '../../shared/mcpFeatures';
import { AppError } from '../errors/appError';
import type { McpConnection } from '../mcp/connection';
import type { McpManager } from '../mcp/manager';

type Raw = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

function connectionOf(mcp: McpManager, server: string): McpConnection {
  const connection = mcp.get(server);
  if (connection) return connection;
  const names = mcp.connections.map((known) => known.name);
  throw new AppError('NOT_FOUND', `no MCP server named "${server}" is configured${names.length > 0 ? ` (configured: ${names.join(', ')})` : ''}`);
}

const resourceOf = (raw: Raw): ResourceInfo => ({
  uri: String(raw.uri),
  name: String(raw.name ?? raw.uri),
  title: str(raw.title),
  description: str(raw.description),
  mimeType: str(raw.mimeType),
  size: typeof raw.size === 'number' ? raw.size : undefined,
});

export async function listResources(mcp: McpManager, server: string, cursor?: string) {
  const page = await connectionOf(mcp, server).listResources(cursor);
  return { server, resources: (page.resources as Raw[]).map(resourceOf), nextCursor: page.nextCursor };
}

export async function listTemplates(mcp: McpManager, server: string, cursor?: string) {
  const page = await connectionOf(mcp, server).listResourceTemplates(cursor);
  const resourceTemplates = (page.resourceTemplates as Raw[]).map(
    (raw): ResourceTemplateInfo => ({
      uriTemplate: String(raw.uriTemplate),
      name: String(raw.name ?? raw.uriTemplate),
      title: str(raw.title),
      description: str(raw.description),
      mimeType: str(raw.mimeType),
    }),
  );
  return { server, resourceTemplates, nextCursor: page.nextCursor };
}

export async function readResource(mcp: McpManager, server: string, uri: string): Promise<ReadResourceResult> {
  const result = await connectionOf(mcp, server).readResource(uri);
  const contents = (result.contents as Raw[]).map(
    (raw): ResourceContent => ({ uri: String(raw.uri ?? uri), mimeType: str(raw.mimeType), text: str(raw.text), blob: str(raw.blob) }),
  );
  return { server, uri, contents };
}
