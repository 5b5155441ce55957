import { useEffect, useMemo } from 'react';
import type { Execution, ExecutionStatus, Fragment } from '../../../shared/api';
import { trpc } from '../trpc';
import { isOutputCut, runFromFragment, toolMetadataOf } from './fragmentMetadata';
import { startedRuns } from './startedRuns';
import type { ToolRunState } from './toolStreamStore';
import { useToolStream } from './useToolStream';

const FINISHED: ReadonlySet<ExecutionStatus> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isFinished(status: ExecutionStatus): boolean {
  return FINISHED.has(status);
}

function statusForErrorCode(code: string): ExecutionStatus {
  if (code === 'CANCELLED') return 'cancelled';
  if (code === 'SERVER_RESTARTED') return 'interrupted';
  return 'failed';
}

/** The stream knows first; the execution record (listed or polled) fills in before any event. */
function deriveStatus(execution: Execution, run: ToolRunState | undefined): ExecutionStatus {
  if (run?.error) return statusForErrorCode(run.error.code);
  if (run?.result) return run.result.success ? 'succeeded' : 'failed';
  if (run?.active && execution.status === 'queued') return 'running';
  return execution.status;
}

export interface ToolRunView {
  execution: Execution;
  status: ExecutionStatus;
  run: ToolRunState | undefined;
  /** History shows only the start of the output; the whole of it can be replayed from the stream. */
  cut: { shownChars: number; totalChars: number } | null;
  /** The whole output is being replayed: lines read so far (history stays on screen meanwhile). */
  replayedLines: number | null;
  /** The subscription failed (live or replaying) and gave up; the card offers to reconnect. */
  connectionError: string | null;
}

export interface ToolRunOptions {
  /** Bumped by "Reconnect" after the subscription failed. */
  attempt: number;
  /** Replay the whole stream even though the run is finished (the fragment holds only the start). */
  replay: boolean;
}

/**
 * One tool card's data. A finished run with its fragment is history: it is drawn from the
 * fragment and holds no connection (each SSE stream costs one of the browser's 6 connections);
 * a big output shows its start, and the whole of it is replayed from the stream on request.
 * A queued or running run subscribes to its stream, and its record is polled only while queued,
 * to show its place in the queue (no event says when a run leaves the queue).
 */
export function useToolRun(listed: Execution, fragment: Fragment | undefined, options: ToolRunOptions): ToolRunView {
  const utils = trpc.useUtils();
  const meta = useMemo(() => (fragment ? toolMetadataOf(fragment) : null), [fragment]);
  const history = useMemo(
    () => (isFinished(listed.status) && fragment && meta ? runFromFragment(fragment, meta) : undefined),
    [listed.status, fragment, meta],
  );
  const mine = startedRuns.has(listed.id);
  const streamed = useToolStream(listed.id, history === undefined || mine || options.replay, options.attempt);
  const streamDone = streamed?.done ?? false;

  const polled = trpc.executions.get.useQuery(
    { executionId: listed.id },
    {
      enabled: !isFinished(listed.status) && !streamDone,
      initialData: listed,
      refetchInterval: (query) => (query.state.data?.status === 'queued' ? 1000 : false),
    },
  );
  const execution = isFinished(listed.status) ? listed : (polled.data ?? listed);

  // When a live stream ends, the run's fragment and final status exist: refresh what lists them
  // (a replay of history changes neither).
  const fromHistory = history !== undefined;
  useEffect(() => {
    if (!streamDone || fromHistory) return;
    void utils.executions.list.invalidate({ conversationId: listed.conversationId });
    void utils.fragments.list.invalidate();
  }, [streamDone, fromHistory, utils, listed.conversationId]);

  // A run this page started shows its stream as it comes; a replay of history swaps in only once
  // it has everything, so the output never shrinks to grow back.
  const run = streamed && (streamDone || !history || mine) ? streamed : history;
  const cut = !mine && fragment && meta && history && isOutputCut(fragment, meta) && !streamDone;
  return {
    execution,
    status: deriveStatus(execution, run),
    run,
    cut: cut ? { shownChars: history.output.chars, totalChars: meta.output_chars } : null,
    replayedLines: options.replay && cut ? (streamed?.output.lines.length ?? 0) : null,
    connectionError: streamed && !streamed.done ? streamed.connectionError : null,
  };
}
