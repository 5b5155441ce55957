import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { refuse } from './refuse';

/** A Map: a file name's extension must not find an inherited member (`.constructor`). */
const TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}));

/** `dir` itself or something inside it; a bare prefix test would also admit a sibling `dir-old`. */
const isWithin = (dir: string, path: string) => path === dir || path.startsWith(dir + sep);

/** The request's path decoded, or null when it cannot be (`%E0%A4%A`; decodeURIComponent throws on it). */
function decodedPath(rawUrl: string): string | null {
  try {
    return decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/** Serves the built client; unknown paths get index.html so client-side routes survive a reload. */
export function createStaticHandler(root: string) {
  const base = resolve(root);
  const assets = join(base, 'assets');
  return function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    const decoded = decodedPath(req.url ?? '/');
    if (decoded === null) return refuse(res, 'BAD_PATH', 'the path is not valid percent-encoded UTF-8');
    // URL parsing removes `..` segments, but not an encoded `..%2f`, which decoding turns into one.
    const wanted = resolve(base, `.${decoded}`);
    if (!isWithin(base, wanted)) return refuse(res, 'NOT_FOUND', 'not found');
    const file = existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(base, 'index.html');
    if (!existsSync(file)) {
      return refuse(res, 'CLIENT_NOT_BUILT', 'The web client is not built. Run `npm run build` (npm start does it for you).');
    }
    const immutable = isWithin(assets, file);
    res.writeHead(200, {
      'content-type': TYPES.get(extname(file)) ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    createReadStream(file).pipe(res);
  };
}
