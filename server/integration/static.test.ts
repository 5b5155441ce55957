import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, tempDir, type TestApp } from './harness';

/** GET with the path sent exactly as written: fetch and URL would resolve `..` and re-encode it first. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files stay inside the client folder', () => {
  let app: TestApp;
  let root: string;
  before(async () => {
    // The client folder and, beside it, an older build with a secret, sharing its name as a prefix.
    root = tempDir();
    mkdirSync(join(root, 'client', 'assets'), { recursive: true });
    writeFileSync(join(root, 'client', 'index.html'), '<!doctype html><title>the app</title>');
    writeFileSync(join(root, 'client', 'assets', 'app.js'), 'console.log("app");');
    mkdirSync(join(root, 'client-old'));
    writeFileSync(join(root, 'client-old', 'secret.txt'), 'the secret of the old build');
    app = await startTestApp({ clientDir: join(root, 'client') });
  });
  after(async () => {
    await app.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves its own files, and index.html for client-side routes', async () => {
    assert.deepEqual(await rawGet(app.url, '/assets/app.js'), { status: 200, body: 'console.log("app");' });
    assert.match((await rawGet(app.url, '/conversations/42')).body, /the app/);
  });

  it('refuses an encoded ../ into a sibling folder whose name starts like its own (regression: served client-old/secret.txt)', async () => {
    for (const path of ['/..%2fclient-old/secret.txt', '/assets/..%2f..%2fclient-old%2fsecret.txt', '/%2e%2e%2fclient-old/secret.txt']) {
      const { status, body } = await rawGet(app.url, path);
      assert.doesNotMatch(body, /secret of the old build/, path);
      assert.equal(status, 404, path);
    }
  });

  it('answers 400 to a malformed percent-encoding instead of throwing, and keeps serving', async () => {
    assert.equal((await rawGet(app.url, '/%E0%A4%A')).status, 400);
    assert.equal((await rawGet(app.url, '/healthz')).status, 200);
  });
});
