import { ConfigError, loadConfig, loadEnv } from './config/load';
import { startApp } from './app';

/** `npm start`: reads env and config once, fails with a precise message, then serves. */
async function main(): Promise<void> {
  const env = loadEnv();
  const { config, source } = loadConfig();
  if (env.OPENAI_BASE_URL || env.OPENAI_API_KEY || env.FRAGMENTS_MODEL) {
    config.ai = {
      baseUrl: env.OPENAI_BASE_URL ?? config.ai.baseUrl,
      apiKey: env.OPENAI_API_KEY ?? config.ai.apiKey,
      model: env.FRAGMENTS_MODEL ?? config.ai.model,
    };
  }
  console.log(source ? `config: ${source}` : 'config: none (builtin tools only)');
  const app = await startApp({
    config,
    dataDir: env.FRAGMENTS_DATA_DIR,
    host: env.HOST,
    port: env.PORT,
    token: env.FRAGMENTS_TOKEN,
    allowedOrigins: (process.env.FRAGMENTS_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    disableSse: process.env.FRAGMENTS_DISABLE_SSE === '1',
  });
  console.log(`Fragments Chat is serving on ${app.url} (data: ${env.FRAGMENTS_DATA_DIR})`);
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
  if (error instanceof ConfigError) {
    console.error(`Fragments Chat cannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Fragments Chat cannot start: ${(error as Error).message} (set PORT to a free port)`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
