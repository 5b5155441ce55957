import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A missing browser or client build is a clear failure that says what to do, never a skip. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests drive Debian's Chromium at ${CHROMIUM}, which is missing. Install it with: apt-get install -y chromium`);
  }
  if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
    throw new Error('The web client is not built (dist/client/index.html is missing). Run `npm run build`, or `npm run test:e2e`, which builds first.');
  }
}
