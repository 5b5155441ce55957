import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sseClient, startTestApp, wsClient } from './harness';

describe('server errors leave a trace', () => {
  it('logs an internal error once per failed call, over HTTP and WebSocket, without the token or the input (regression: logged nowhere)', async () => {
    const lines: string[] = [];
    const token = 'token-that-is-never-logged';
    const input = { query: 'user-text-that-is-never-logged' };
    const app = await startTestApp({ token, log: (line) => lines.push(line) });
    // What start-up says (the sandbox line) is not an error trace.
    lines.splice(0);
    const ws = wsClient(app.url, token);
    try {
      const http = sseClient(app.url, token);
      await http.fragments.list.query(input);
      // A client's own mistake is answered, not logged.
      await assert.rejects(http.chat.send.mutate({ content: '/no-such-tool' }), /unknown tool|no tool/i);
      assert.deepEqual(lines, []);

      // The database going away under a running server: every query now fails inside the server.
      app.services.db.close();
      await assert.rejects(http.fragments.list.query(input), /database connection is not open/);
      await assert.rejects(ws.client.fragments.list.query(input), /database connection is not open/);

      assert.deepEqual(lines, [
        'query fragments.list failed with INTERNAL_SERVER_ERROR: The database connection is not open',
        'query fragments.list failed with INTERNAL_SERVER_ERROR: The database connection is not open',
      ]);
      assert.doesNotMatch(lines.join('\n'), /never-logged/);
    } finally {
      await ws.close();
      await app.stop();
    }
  });
});
