/**
 * The client under test for @modelcontextprotocol/conformance: the app itself. The runner starts
 * a scenario's MCP server and runs this program with the server's URL as its last argument and
 * the scenario's name in MCP_CONFORMANCE_SCENARIO. This starts the app with that one server in
 * its config and does what a user would through the app's API: list the tools, run one as a
 * chat command, answer what the run asks. Everything the scenario checks goes through the app's
 * own MCP client code (server/mcp/), nothing through a client of our own.
 *
 * Exit 0 when the app did its part; a scenario's checks decide the rest.
 */
import type { ToolInfo } from '../../../shared/api';
import { collect, sseClient, startTestApp, type Client } from '../harness';

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
if (!url?.startsWith('http')) {
  console.error('usage: client.ts <server url> (MCP_CONFORMANCE_SCENARIO names the scenario)');
  process.exit(2);
}

/** Calls a scenario asks for in its context (MCP_CONFORMANCE_CONTEXT), by the server's own tool names. */
function contextCalls(): { name: string; arguments: Record<string, unknown> }[] | undefined {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  if (!raw) return undefined;
  const context = JSON.parse(raw) as { toolCalls?: { name: string; arguments: Record<string, unknown> }[] };
  return context.toolCalls;
}

/** What to call, by scenario; the rest call the server's first tool, as the SDK's reference client does. */
function plan(tools: ToolInfo[]): { tool: ToolInfo; args: Record<string, unknown> }[] {
  const byName = (name: string) => tools.find((tool) => tool.name === `conf.${name}`);
  const asked = contextCalls();
  if (asked) {
    return asked.map((call) => {
      const tool = byName(call.name);
      if (!tool) throw new Error(`the scenario's tool ${call.name} is not listed`);
      // A null for a typed argument is refused by the app's argument check (a user cannot send
      // one either): leave it out, which the scenario treats the same (no Mcp-Param header).
      return { tool, args: Object.fromEntries(Object.entries(call.arguments).filter(([, value]) => value !== null)) };
    });
  }
  if (scenario === 'json-schema-ref-no-deref') return [];
  if (scenario === 'json-schema-2020-12-preservation') {
    const focal = byName('json_schema_2020_12_tool');
    const echo = byName('json_schema_echo');
    if (!focal || !echo) throw new Error('the scenario’s tools are not listed');
    // tools.list must give the schema exactly as the server sent it.
    return [{ tool: echo, args: { schema: focal.inputSchema } }];
  }
  // Every tool the app lists: the SDK leaves out those whose x-mcp-header annotations are invalid;
  // each of sep-2322's tools tries another part of the input_required rounds.
  if (scenario === 'http-invalid-tool-headers' || scenario === 'sep-2322-client-request-state') return tools.map((tool) => ({ tool, args: sampleArguments(tool.inputSchema) }));
  const tool = tools[0];
  if (!tool) return [];
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, unknown>;
  return [{ tool, args: 'a' in properties && 'b' in properties ? { a: 2, b: 3 } : {} }];
}

/** A value for every required argument, of the schema's type: what a user would type to try a tool. */
function sampleArguments(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { type?: string; enum?: unknown[] }>;
  const args: Record<string, unknown> = {};
  for (const name of (schema.required ?? []) as string[]) {
    const property = properties[name] ?? {};
    args[name] = property.enum?.[0] ?? { number: 1, integer: 1, boolean: true, object: {}, array: [] }[property.type ?? ''] ?? 'x';
  }
  return args;
}

const statusOf = async (client: Client) => (await client.servers.list.query()).find((entry) => entry.name === 'conf');

/**
 * Signs in as a user would with the Servers panel's Sign in button: the app gives the sign-in
 * link, the scenario's authorization server approves at once and sends the browser (here, a plain
 * GET) back to the app's /oauth/callback with the code.
 */
async function visit(authorizationUrl: string): Promise<void> {
  const approved = await fetch(authorizationUrl, { redirect: 'manual' });
  const back = approved.headers.get('location');
  if (!back) throw new Error(`the authorization server did not send the browser back (${approved.status})`);
  const callback = await fetch(back);
  console.error(`callback: ${callback.status}`);
}

async function signIn(client: Client): Promise<void> {
  const { authorizationUrl } = await client.servers.signIn.mutate({ name: 'conf' });
  await visit(authorizationUrl);
  for (let i = 0; i < 600; i++) {
    const status = (await statusOf(client))?.status;
    if (status !== 'connecting') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function drive(client: Client): Promise<void> {
  if ((await statusOf(client))?.status === 'needs_auth') await signIn(client);
  const server = await statusOf(client);
  if (server?.status !== 'connected') throw new Error(`the app did not connect: ${server?.error ?? 'no server'}`);
  const tools = (await client.tools.list.query()).filter((tool) => tool.source.kind === 'mcp');
  for (const call of plan(tools)) {
    const sent = await client.chat.send.mutate({ content: `/${call.tool.name} ${JSON.stringify(call.args)}` });
    if (sent.type !== 'tool_execution') throw new Error(`/${call.tool.name} was not run`);
    // A question from the server is answered as a user who leaves every field alone would: accept,
    // so the app fills in the schema's defaults (what elicitation-sep1034-client-defaults checks).
    const events = await collect(client, sent.executionId, {
      timeoutMs: 100_000,
      onEvent: (event) => {
        if (event.data.type !== 'tool_input_required') return;
        // A call that needs (more) authorization waits for sign-in: open the link it shows.
        if (event.data.mode === 'url' && event.data.url) return void visit(event.data.url).catch((error) => console.error(error));
        void client.executions.respond.mutate({ executionId: sent.executionId, requestId: event.data.requestId, action: 'accept', content: {} }).catch((error) => console.error(error));
      },
    });
    const failed = events.find((event) => event.data.type === 'tool_error');
    if (failed) console.error(`${call.tool.name}: ${JSON.stringify(failed.data)}`);
  }
}

// A pre-registered client comes in the scenario's context; the metadata-document client id is the
// one the suite's authorization servers accept (the SDK's reference client uses the same).
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as { client_id?: string; client_secret?: string };
const oauth = context.client_id ? { oauth: { clientId: context.client_id, ...(context.client_secret ? { clientSecret: context.client_secret } : {}) } } : {};
const app = await startTestApp({
  config: { mcpServers: { conf: { url, ...oauth } }, oauth: { clientMetadataUrl: 'https://conformance-test.local/client-metadata.json' } },
  log: (line) => console.error(line),
});
let code = 0;
try {
  await drive(sseClient(app.url));
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  await app.stop();
}
process.exit(code);
