import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The client lives in client/; `npm run build` writes dist/client, which the server serves.
// In `npm run dev`, Vite proxies the API (HTTP, SSE and WebSocket) to the server on 8787.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Libraries in chunks of their own (none over Vite's 500 kB warning): they change less often
    // than the app, so a browser keeps them cached across upgrades that touch only our code.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            {
              name: 'markdown',
              test: /node_modules[\\/](react-markdown|remark-[^\\/]+|micromark[^\\/]*|mdast-[^\\/]+|hast-[^\\/]+|unist-[^\\/]+|unified|vfile[^\\/]*|property-information|space-separated-tokens|comma-separated-tokens|decode-named-character-reference|character-entities[^\\/]*|style-to-[^\\/]+|inline-style-parser|html-url-attributes|devlop|bail|trough|is-plain-obj|ccount|markdown-table|escape-string-regexp|zwitch|longest-streak|trim-lines|estree-util-[^\\/]+)[\\/]/,
              priority: 20,
            },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
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
