import { ConfigError } from './config/errors';
import { loadSettings } from './config/settings';
import { startupSummary } from './config/startupSummary';
import { startApp } from './app';
import { DatabaseError } from './store/db';

/** `npm start`: reads env and config once, fails with a precise message, then serves. */
async function main(): Promise<void> {
  const settings = loadSettings();
  for (const line of startupSummary(settings)) console.log(line);
  const app = await startApp({
    config: settings.config,
    dataDir: settings.dataDir,
    host: settings.host,
    port: settings.port,
    token: settings.token,
    allowedOrigins: settings.allowedOrigins,
    allowedHosts: settings.allowedHosts,
    trustedProxies: settings.trustedProxies,
    disableSse: settings.disableSse,
    bwrap: settings.bwrap,
    // The config file may hold ai.apiKey and the env and headers of other MCP servers.
    hiddenFiles: [...settings.secretFiles, ...(settings.configSource ? [settings.configSource] : [])],
  });
  // The token is printed here only: after the `#` it stays in the browser (never sent in a request,
  // a Referer or a proxy's log), and the page trades it for a session cookie. One write, so whoever
  // waits for the "serving on" line has the login line too.
  const login = settings.token === undefined ? '' : `\nLog in once in your browser: ${app.url}/login#token=${encodeURIComponent(settings.token)}`;
  console.log(`Fragments Chat is serving on ${app.url} (data: ${settings.dataDir})${login}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseError) {
    console.error(`Fragments Chat cannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Fragments Chat cannot start: ${(error as Error).message} (set PORT to a free port)`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
