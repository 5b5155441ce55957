import { expect, test, type Page } from '@playwright/test';
import { cards, expectStatus, openNewChat, outputOf, send } from './helpers';
import { baseUrlOf } from './servers';

/**
 * Script that reaches the page as data — a tool's output, a model's Markdown, an MCP resource —
 * must never run. Each payload sets `window.__pwned` (or opens a dialog) if it ever does; the page
 * renders it as text, and the CSP (server/http/headers.ts) would refuse it if rendering slipped.
 */
const payload = (tag: string) => `<img src=x onerror=window.__pwned='${tag}'><script>window.__pwned='${tag}-script'</script>`;

test.beforeEach(async ({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await openNewChat(page);
});

/** Nothing ran, and nothing a payload carried became an element of the page. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], iframe, svg[onload], [onerror], [onload], a[href^="javascript:" i]')).toHaveCount(0);
  // The app's only scripts are its bundle (the CSP allows nothing else).
  expect(await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).src))).toEqual([
    expect.stringMatching(/\/assets\/index-[\w-]+\.js$/),
  ]);
}

test('the page comes with a CSP that refuses inline script, and has none itself', async ({ page }) => {
  // The page is open already (beforeEach); its headers, as the server sends them:
  const headers = (await page.request.get('/')).headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['x-frame-options']).toBe('DENY');
  await expectInert(page);
  // Were a payload ever turned into a script element, the browser would refuse to run it and say so.
  const violation = page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
        const script = document.createElement('script');
        script.textContent = "window.__pwned = 'inline'";
        document.body.append(script);
      }),
  );
  expect(await violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('script in tool output is shown as text: builtin echo and an MCP tool', async ({ page }) => {
  await send(page, `/echo text="${payload('echo')}"`);
  const echo = cards(page, 'echo');
  await expectStatus(echo, 'succeeded');
  await expect(outputOf(echo)).toContainText(payload('echo'));
  await send(page, `/everything.echo message="${payload('mcp-echo')}"`);
  const mcp = cards(page, 'everything.echo');
  await expectStatus(mcp, 'succeeded');
  await expect(mcp).toContainText(payload('mcp-echo'));
  await expectInert(page);
});

test('script in an MCP resource and a resource link is shown as text', async ({ page }) => {
  // server-everything names the resource after `name`: the payload lands in its URI and link text.
  const data = 'data="data:text/plain,hello"';
  await send(page, `/everything.gzip-file-as-resource name="${payload('resource')}" ${data} outputType=resource`);
  const resource = cards(page, 'everything.gzip-file-as-resource').first();
  await expectStatus(resource, 'succeeded');
  await expect(resource.locator('.result-resource')).toContainText(`demo://resource/session/${payload('resource')}`);
  await send(page, `/everything.gzip-file-as-resource name="${payload('link')}" ${data} outputType=resourceLink`);
  const link = cards(page, 'everything.gzip-file-as-resource').nth(1);
  await expectStatus(link, 'succeeded');
  await expect(link.locator('.result-link')).toContainText(payload('link'));
  await send(page, '/everything.get-resource-reference resourceId=3');
  await expectStatus(cards(page, 'everything.get-resource-reference'), 'succeeded');
  await expectInert(page);
});

test.describe('a model reply', () => {
  // This server talks to the e2e AI provider (fixtures/openai-e2e.ts), which answers by what we type.
  test.use({ baseURL: baseUrlOf('ai') });

  test('HTML in a Markdown answer stays text', async ({ page }) => {
    await send(page, 'show me some markdown');
    const bubble = page.locator('.bubble-assistant');
    await expect(bubble).toHaveAttribute('aria-busy', 'false');
    await expect(bubble).toContainText('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    await expectInert(page);
  });

  test('javascript: links and images, an iframe, an svg onload and an img onerror stay inert, also when clicked', async ({ page }) => {
    await send(page, 'try some xss');
    const bubble = page.locator('.bubble-assistant');
    await expect(bubble).toHaveAttribute('aria-busy', 'false');
    await expect(bubble).toContainText('<svg onload=');
    await expect(bubble).toContainText('<iframe src="javascript:');
    await expect(bubble.getByRole('link')).toHaveCount(0);
    // The link texts are still there, as plain text; clicking them does nothing.
    await bubble.getByText('a javascript link').click();
    await bubble.getByText('an html link', { exact: false }).first().click();
    await expectInert(page);
  });
});

// Moved from the integration suite, which runs before the client is built: e2e always builds first.
test('the served index.html loads its script and styles from files: no inline script, style or handler', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes ?? '').toMatch(/\bsrc="\/assets\//);
    expect(body?.trim()).toBe('');
  }
  expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
});
