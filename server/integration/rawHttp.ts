/** Requests with headers fetch will not send (Host) or sends for us (Origin, Content-Type): node:http as written. */
import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the app at `url`; SSE answers are read only up to their first chunk, then closed. */
export function rawRequest(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers, setHost: !options.headers?.host }, (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
        // A stream that was served never ends by itself: its first frame is proof enough.
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          done();
          req.destroy();
        }
      });
      res.on('end', done);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The status a WebSocket upgrade to /trpc gets (101 when it opens) and the body of a refusal. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`, { headers });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.on('error', () => undefined);
  });
}
