import type { ServerResponse } from 'node:http';

/**
 * The page runs only its own scripts: a payload that slips through rendering (tool output, a model's
 * Markdown, an MCP resource) has no inline script, handler or foreign source to run. The built client
 * has no inline script or style (server/integration/security-headers.test.ts checks index.html);
 * React's `style` props are set through the CSSOM, which CSP allows. `connect-src 'self'` covers the
 * WebSocket on the same host and port (CSP 3, Chromium and Firefox). Tool images and audio are data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Set before anything answers, so every response carries them: the page, its assets, the API, refusals. */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
