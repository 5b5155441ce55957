/**
 * Notification bursts: what keeping every progress and log notification costs in the event log.
 * A tool that reports in a tight loop writes one row per notification (nothing is merged across a
 * progress event any more); this part shows the rows, the bytes stored and the time it takes.
 * It runs in the server process with an in-process tRPC SSE reader: it measures storage, not latency.
 */
import type { App } from '../server/app';
import type { ToolEvent } from '../shared/events';
import { sseClient } from './readers';
import { now } from './schedule';

export interface BurstReport {
  command: string;
  /** Progress notifications the tool sent, and those a live reader received. */
  progressSent: number;
  progressReceived: number;
  events: number;
  rows: number;
  commits: number;
  storedBytes: number;
  ms: number;
}

type TrackedEvent = { id: string; data: ToolEvent };

function readAll(app: App, executionId: string, timeoutMs: number): Promise<TrackedEvent[]> {
  return new Promise((resolve, reject) => {
    const events: TrackedEvent[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`no done within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = sseClient(app.url).chat.streamTool.subscribe(
      { executionId },
      {
        onData(value) {
          const event = value as unknown as TrackedEvent;
          events.push(event);
          if (event.data.type !== 'done') return;
          clearTimeout(timer);
          sub.unsubscribe();
          resolve(events);
        },
        onError: reject,
      },
    );
  });
}

export async function burstCase(app: App, command: string, progressSent: number): Promise<BurstReport> {
  const { log, db } = app.services;
  const before = { ...log.stats };
  const started = now();
  const sent = await sseClient(app.url).chat.send.mutate({ content: command });
  if (sent.type !== 'tool_execution') throw new Error(`${command} was not run as a tool`);
  const events = await readAll(app, sent.executionId, 120_000);
  const ms = now() - started;
  const stored = db.prepare('SELECT COUNT(*) AS n, SUM(LENGTH(data)) AS bytes FROM stream_events WHERE stream_id = ?').get(sent.executionId) as { n: number; bytes: number };
  return {
    command,
    progressSent,
    progressReceived: events.filter((e) => e.data.type === 'tool_progress').length,
    events: events.length,
    rows: stored.n,
    commits: log.stats.transactions - before.transactions,
    // The event data; each row also carries its stream id (36 bytes) and seq in SQLite.
    storedBytes: stored.bytes,
    ms,
  };
}
