import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './errors';
import { parseConfig } from './load';

const parse = (config: unknown) => parseConfig(JSON.stringify(config), 'fragments.config.json');

describe('OAuth config', () => {
  it('takes publicUrl (trailing slash dropped), oauth.clientMetadataUrl and a server entry\'s oauth block', () => {
    const config = parse({
      publicUrl: 'https://chat.example.com/',
      oauth: { clientMetadataUrl: 'https://chat.example.com/oauth/client.json' },
      mcpServers: { docs: { url: 'https://docs.example/mcp', oauth: { clientId: 'fc', clientSecret: 'shh', scope: 'read' } } },
    });
    assert.equal(config.publicUrl, 'https://chat.example.com');
    assert.equal(config.oauth.clientMetadataUrl, 'https://chat.example.com/oauth/client.json');
    assert.deepEqual(config.mcpServers.docs, { url: 'https://docs.example/mcp', headers: {}, oauth: { clientId: 'fc', clientSecret: 'shh', scope: 'read' } });
  });

  const bad: [string, unknown, RegExp][] = [
    ['a client secret without its client id', { mcpServers: { d: { url: 'https://d/mcp', oauth: { clientSecret: 'x' } } } }, /mcpServers\.d\.oauth\.clientSecret: oauth\.clientSecret needs oauth\.clientId/],
    ['an http client metadata URL', { oauth: { clientMetadataUrl: 'http://chat.example.com/c.json' } }, /oauth\.clientMetadataUrl: oauth\.clientMetadataUrl must be an https URL/],
    ['a client metadata URL without a path', { oauth: { clientMetadataUrl: 'https://chat.example.com/' } }, /oauth\.clientMetadataUrl: .*needs a path/],
    ['a publicUrl with a query', { publicUrl: 'https://chat.example.com/?x=1' }, /publicUrl: publicUrl must not have a query/],
    ['a publicUrl that is not http', { publicUrl: 'ftp://chat.example.com' }, /publicUrl: publicUrl must be an http or https URL/],
    ['an oauth block on a stdio server', { mcpServers: { s: { command: 'x', oauth: {} } } }, /mcpServers\.s/],
  ];
  for (const [what, config, message] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => parse(config), (error) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
