/**
 * For router tests: a real Services on a temporary SQLite dir, and appRouter.createCaller over it,
 * with no HTTP in between. MCP servers are not started up front (a command for one connects it,
 * as after a crash). Tests that need a run to stay live hold it on a gate (integration/gate.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import type { StreamEvent } from '../../shared/events';
import { ConfigSchema } from '../config/schema';
import { AppError, type AppErrorCode } from '../errors/appError';
import { createGates, type Gates } from '../integration/gate';
import { createServices, type Services } from '../services';
import type { Context } from '../http/context';
import { appRouter } from './_app';

export interface TestCaller {
  caller: ReturnType<typeof appRouter.createCaller>;
  services: Services;
  gates: Gates;
  dataDir: string;
  /** Ends every run, closes the database; removes the data dir unless `keep`. */
  close(keep?: boolean): Promise<void>;
}

export function createTestCaller(options: { config?: unknown; dataDir?: string; authorized?: boolean; withGates?: boolean } = {}): TestCaller {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fragments-router-test-'));
  const gates = createGates();
  const services = createServices({
    config: ConfigSchema.parse(options.config ?? {}),
    dataDir,
    extraTools: options.withGates === false ? [] : [gates.tool],
    mcpConnectTimeoutMs: 20_000,
  });
  const ctx: Context = { services, baseUrl: 'http://fragments.test', authorized: options.authorized ?? true, rateLimited: false, waitForRoom: undefined };
  return {
    caller: appRouter.createCaller(ctx),
    services,
    gates,
    dataDir,
    async close(keep = false) {
      services.executor.abortAll('the test is over');
      await services.executor.idle();
      await services.mcp.close();
      services.log.flush();
      services.db.close();
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Asserts that `call` fails with the tRPC `code`, whose cause is the AppError `appCode` (mapped
 * once at the edge), and a message matching `message`.
 */
export async function rejectsWith(call: Promise<unknown>, code: TRPCError['code'], appCode: AppErrorCode | null, message: RegExp): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof TRPCError, `expected a TRPCError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    if (appCode) {
      assert.ok(error.cause instanceof AppError, 'the cause is the AppError');
      assert.equal(error.cause.code, appCode);
      assert.equal(error.cause.message, error.message, 'the message reaches the client unchanged');
    }
    return true;
  });
}

/** Reads a subscription's events to its `done` (or its end). */
export async function readAll<T extends StreamEvent>(stream: AsyncIterable<unknown>): Promise<{ id: string; data: T }[]> {
  const events: { id: string; data: T }[] = [];
  for await (const item of stream) {
    const [id, data] = item as [string, T];
    events.push({ id, data });
    if (data.type === 'done') break;
  }
  return events;
}
