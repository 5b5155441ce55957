import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The client lives in client/; `npm run build` writes dist/client, which the server serves.
// In `npm run dev`, Vite proxies the API (HTTP, SSE and WebSocket) to the server on 8787.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: `http://127.0.0.1:${process.env.PORT ?? 8787}`, ws: true, changeOrigin: true },
      '/healthz': { target: `http://127.0.0.1:${process.env.PORT ?? 8787}`, changeOrigin: true },
      // POST /login and /logout set the session cookie; GET /login is the page, which Vite serves.
      '^/(login|logout)$': {
        target: `http://127.0.0.1:${process.env.PORT ?? 8787}`,
        changeOrigin: true,
        bypass: (req) => (req.method === 'POST' ? undefined : req.url),
      },
    },
  },
});
