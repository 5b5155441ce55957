/**
 * Answers sent before the request's body was read (server/http/earlyAnswer.ts), against a real
 * server on 127.0.0.1:0: an answer that keeps the connection leaves it usable for the next request,
 * and one that ends it says `Connection: close` and reaches the client before the socket closes.
 * No timers: each step waits on the previous one's answer.
 */
import assert from 'node:assert/strict';
import { Agent, request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { errorBody } from './contract';
import { startTestApp, type TestApp } from './harness';

interface Answer {
  status: number;
  connection: string | undefined;
  reused: boolean;
  body: string;
}

function read(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    res.on('end', () => resolve(body)).on('error', reject);
  });
}

describe('early answers', () => {
  let app: TestApp;
  let port: number;

  before(async () => {
    app = await startTestApp();
    port = Number(new URL(app.url).port);
  });
  after(() => app.stop());

  /**
   * One request on `agent`. With `bodyAfterAnswer`, the headers go first and the body only once the
   * answer is in: what fetch does by chance (headers and body in two writes) when the server answers
   * a procedure that does not exist without reading the body, made certain.
   */
  function send(agent: Agent, method: string, path: string, body?: string, bodyAfterAnswer = false): Promise<Answer> {
    return sendTo(port, agent, method, path, body, bodyAfterAnswer);
  }

  function sendTo(port: number, agent: Agent, method: string, path: string, body?: string, bodyAfterAnswer = false): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
        if (bodyAfterAnswer) req.end(body);
        read(res).then(
          (text) => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reused: req.reusedSocket, body: text }),
          reject,
        );
      });
      req.on('error', reject);
      if (bodyAfterAnswer) req.flushHeaders();
      else req.end(body);
    });
  }

  it('an unknown procedure answered before its body: the keep-alive connection carries the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, 'GET', '/healthz');
      assert.equal(first.status, 200);
      for (let i = 0; i < 30; i++) {
        const nope = await send(agent, 'POST', '/trpc/chat.nope', '{}', i % 2 === 0);
        assert.equal(nope.status, 404, nope.body);
        assert.match(nope.body, /No procedure found on path \\"chat.nope\\"/);
        assert.notEqual(nope.connection, 'close', `round ${i}: the 404 must not end the connection`);
        assert.equal(nope.reused, true, `round ${i}: the 404 went on a new connection`);
        // Regression: the server closed the socket after the 404 without saying so; this failed
        // with "socket hang up" / "other side closed" (fetch) or went on a new connection.
        const next = await send(agent, 'GET', '/healthz');
        assert.equal(next.status, 200, `round ${i}: ${next.body}`);
        assert.equal(next.reused, true, `round ${i}: the request after the 404 went on a new connection`);
      }
    } finally {
      agent.destroy();
    }
  });

  it('a login body over 4 KB: 400 reaches the client; a small one keeps the connection, a large one ends it and says so', async () => {
    const app2 = await startTestApp({ token: 'early-answer-test-token' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const viaApp = (method: string, path: string, body?: string) => sendTo(Number(new URL(app2.url).port), agent, method, path, body);
      assert.equal((await viaApp('GET', '/healthz')).status, 200);
      for (let i = 0; i < 5; i++) {
        const small = await viaApp('POST', '/login', JSON.stringify({ token: 'x'.repeat(8_000) }));
        assert.equal(small.status, 400, small.body);
        const refused = errorBody(small.body);
        assert.equal(refused.data.appCode, 'BAD_ARGUMENTS');
        assert.equal(refused.message, 'expected a JSON body {"token": "<FRAGMENTS_TOKEN>"} under 4 KB');
        assert.notEqual(small.connection, 'close');
        assert.equal((await viaApp('GET', '/healthz')).reused, true, `round ${i}: the connection after an 8 KB login`);
        // Regression: leaving the body unread destroyed the request and its socket; no answer came.
        const large = await viaApp('POST', '/login', JSON.stringify({ token: 'x'.repeat(200_000) }));
        assert.equal(large.status, 400, large.body);
        assert.equal(large.connection, 'close');
        const next = await viaApp('GET', '/healthz');
        assert.equal(next.status, 200);
        assert.equal(next.reused, false, 'the ended connection is not reused');
      }
    } finally {
      agent.destroy();
      await app2.stop();
    }
  });

  it('a body over the limit: 413 with Connection: close reaches the client every time, then the socket closes', async () => {
    const total = 6 * 1024 * 1024; // over maxBodySize (2 MB)
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await new Promise<{ head: string; sent: number }>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let sent = 0;
        let head = '';
        let answered = false;
        socket.on('connect', () => {
          socket.write(`POST /trpc/chat.send HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n{"content":"`);
          const pump = (): void => {
            while (sent < total && !answered && !socket.destroyed) {
              sent += chunk.length;
              if (!socket.write(chunk)) return void socket.once('drain', pump);
            }
          };
          pump();
        });
        socket.setEncoding('latin1').on('data', (text: string) => {
          head += text;
          // The answer is in: stop sending and close our side, as a client that read it does.
          if (!answered && head.includes('\r\n\r\n')) {
            answered = true;
            socket.end();
          }
        });
        socket.on('error', () => undefined); // a reset is what this test is about: the head tells
        socket.on('close', () => resolve({ head, sent }));
      });
      assert.match(answer.head, /^HTTP\/1\.1 413 Payload Too Large\r\n/, `attempt ${attempt}: the answer was lost (${JSON.stringify(answer.head.slice(0, 80))})`);
      assert.match(answer.head, /\r\nconnection: close\r\n/i, `attempt ${attempt}: a 413 that ends the connection must say so`);
    }
    const health = await fetch(`${app.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('a client that never stops sending after its 413: the server drops a bounded amount, then closes', async () => {
    const total = 200 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const sent = await new Promise<number>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let count = 0;
      socket.on('connect', () => {
        socket.write(`POST /trpc/chat.send HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n{"content":"`);
        const pump = (): void => {
          while (count < total && !socket.destroyed) {
            count += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
        };
        pump();
      });
      socket.resume();
      socket.on('error', () => undefined); // the server gives up on this client: a reset, as it should
      socket.on('close', () => resolve(count));
    });
    // maxBodySize (2 MB) + LINGER_BYTES (16 MB) + what the socket buffers hold.
    assert.ok(sent < 64 * 1024 * 1024, `the server read on to ${sent >> 20} MB`);
    const health = await fetch(`${app.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
