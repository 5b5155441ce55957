#!/usr/bin/env node
// `npm run dev`: the API server (restarted on change by tsx watch) and the Vite dev server with
// hot reload, which proxies /trpc (HTTP, SSE and WebSocket) to it. Ctrl-C stops both.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '8787';
const children = [
  spawn('npx', ['tsx', 'watch', '--tsconfig', 'tsconfig.base.json', 'server/main.ts'], {
    stdio: 'inherit',
    // Vite serves the page from another origin; let it call the API.
    env: { ...process.env, PORT: port, FRAGMENTS_ALLOWED_ORIGINS: 'http://localhost:5173,http://127.0.0.1:5173' },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => (stop(), process.exitCode ||= code ?? 0));
