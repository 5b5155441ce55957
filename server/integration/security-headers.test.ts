import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, tempDir, type TestApp } from './harness';
import { rawRequest, type RawResponse } from './rawHttp';

function assertPageHeaders(response: RawResponse, what: string): void {
  const csp = String(response.headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) {
    assert.ok(csp.split('; ').includes(directive), `${what}: CSP ${csp} lacks ${directive}`);
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, what);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(response.headers['x-frame-options'], 'DENY', what);
  assert.equal(response.headers['access-control-allow-origin'], undefined, what);
}

/** The page may run only its own scripts: CSP, nosniff, no referrer, no framing, on every response. */
describe('security headers', () => {
  let app: TestApp;
  let root: string;
  before(async () => {
    root = tempDir();
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>the app</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app");');
    app = await startTestApp({ clientDir: root });
  });
  after(async () => {
    await app.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends CSP, nosniff, Referrer-Policy and X-Frame-Options with the page, its scripts and client routes', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/conversations/7']) {
      const response = await rawRequest(app.url, path);
      assert.equal(response.status, 200, path);
      assertPageHeaders(response, path);
    }
  });

  it('sends them with API answers, SSE, /healthz and refusals too, and never a permissive CORS header', async () => {
    const answers = [
      await rawRequest(app.url, '/trpc/tools.list'),
      await rawRequest(app.url, '/trpc/tools.list', { headers: { origin: app.url } }),
      await rawRequest(app.url, '/healthz'),
      await rawRequest(app.url, `/trpc/chat.streamTool?input=${encodeURIComponent('{"executionId":"x"}')}`, { headers: { accept: 'text/event-stream' } }),
      await rawRequest(app.url, '/trpc/tools.list', { headers: { origin: 'http://evil.example' } }),
      await rawRequest(app.url, '/trpc/tools.list', { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } }),
      await rawRequest(app.url, '/healthz', { headers: { host: 'rebind.example' } }),
      await rawRequest(app.url, '/trpc/nope'),
    ];
    for (const response of answers) assertPageHeaders(response, `${response.status} ${response.body.slice(0, 60)}`);
  });
});
