import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { DOT_PNG } from './fixtures/images';
import { everythingStdio, libraryStdio, sseClient, startTestApp, type Client, type TestApp } from './harness';

/** Issue 21 item 5: each server's resources and templates listed (page by page) and read. */
describe('MCP resources', () => {
  let app: TestApp;
  let client: Client;

  before(async () => {
    app = await startTestApp({ config: { mcpServers: { everything: everythingStdio(), library: libraryStdio() } } });
    client = sseClient(app.url);
  });
  after(() => app.stop());

  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => assert.fail('not refused'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TRPCClientError);
    return { code: error.data?.code as string | undefined, message: error.message };
  };

  it('lists a server’s resources (every page, or one page from a cursor), and its templates', async () => {
    // No cursor: the SDK walks the library's two pages and gives one list.
    const all = await client.resources.list.query({ server: 'library' });
    assert.deepEqual(all.resources.map((r) => r.uri), ['lib://notes/readme', 'lib://images/dot.png', 'lib://files/data.bin', 'lib://images/evil.svg']);
    assert.deepEqual(all.resources[0], { uri: 'lib://notes/readme', name: 'readme', title: 'Read me', mimeType: 'text/markdown' });
    assert.equal(all.nextCursor, undefined);
    // A cursor: that page only, as the server gave it.
    const second = await client.resources.list.query({ server: 'library', cursor: '2' });
    assert.deepEqual(second.resources.map((r) => r.uri), ['lib://files/data.bin', 'lib://images/evil.svg']);
    assert.equal(second.nextCursor, undefined);
    const first = await client.resources.list.query({ server: 'library', cursor: '0' });
    assert.deepEqual(first.resources.map((r) => r.uri), ['lib://notes/readme', 'lib://images/dot.png']);
    assert.equal(first.nextCursor, '2');

    const templates = await client.resources.templates.query({ server: 'library' });
    assert.deepEqual(templates.resourceTemplates, [{ uriTemplate: 'lib://notes/{name}', name: 'note', description: 'A note by name', mimeType: 'text/markdown' }]);

    const everything = await client.resources.list.query({ server: 'everything' });
    assert.ok(everything.resources.some((r) => r.uri.startsWith('demo://resource/static/document/')), JSON.stringify(everything.resources.slice(0, 3)));
    const dynamic = await client.resources.templates.query({ server: 'everything' });
    assert.ok(dynamic.resourceTemplates.some((t) => t.uriTemplate === 'demo://resource/dynamic/text/{resourceId}'));
  });

  it('reads text and binary resources as MCP gives them', async () => {
    const text = await client.resources.read.query({ server: 'library', uri: 'lib://notes/readme' });
    assert.deepEqual(text.contents, [{ uri: 'lib://notes/readme', mimeType: 'text/markdown', text: '# Notes\n<b>bold?</b> <script>window.__pwned = "resource"</script>' }]);
    const image = await client.resources.read.query({ server: 'library', uri: 'lib://images/dot.png' });
    assert.deepEqual(image.contents, [{ uri: 'lib://images/dot.png', mimeType: 'image/png', blob: DOT_PNG }]);
    const fromTemplate = await client.resources.read.query({ server: 'library', uri: 'lib://notes/shopping' });
    assert.equal(fromTemplate.contents[0]?.text, 'A note called shopping.');
    const everything = await client.resources.read.query({ server: 'everything', uri: 'demo://resource/dynamic/blob/3' });
    assert.match(Buffer.from(everything.contents[0]?.blob ?? '', 'base64').toString(), /^Resource 3: This is a base64 blob/);
  });

  it('answers the README’s curl example: a plain GET with the input in the query', async () => {
    const input = encodeURIComponent(JSON.stringify({ server: 'everything', uri: 'demo://resource/dynamic/text/1' }));
    const response = await fetch(`${app.url}/trpc/resources.read?input=${input}`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { result: { data: { contents: Array<{ text?: string }> } } };
    assert.match(body.result.data.contents[0]?.text ?? '', /^Resource 1: This is a plaintext resource/);
  });

  it('says which server or resource is unknown', async () => {
    const server = await refusal(client.resources.list.query({ server: 'nope' }));
    assert.equal(server.code, 'NOT_FOUND');
    assert.match(server.message, /no MCP server named "nope" is configured \(configured: everything, library\)/);
    const missing = await refusal(client.resources.read.query({ server: 'library', uri: 'lib://nope' }));
    assert.equal(missing.code, 'BAD_REQUEST');
    assert.match(missing.message, /MCP server "library" refused the resource lib:\/\/nope: .*Resource not found/);
    const cursor = await refusal(client.resources.list.query({ server: 'library', cursor: 'x' }));
    assert.match(cursor.message, /MCP server "library" refused its resources: .*bad cursor/);
  });
});
