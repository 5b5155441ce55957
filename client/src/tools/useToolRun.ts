import { useEffect, useMemo } from 'react';
import type { Execution, ExecutionStatus, Fragment } from '../../../shared/api';
import { trpc } from '../trpc';
import { runFromFragment, toolMetadataOf } from './fragmentMetadata';
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
  /** History shows a preview; the whole output can be replayed from the stream. */
  truncated: boolean;
}

export interface ToolRunOptions {
  /** Bumped by "Reconnect" after the subscription failed. */
  attempt: number;
  /** Replay the whole stream even though the run is finished (the fragment kept only a preview). */
  replay: boolean;
}

/**
 * One tool card's data. A finished run with its fragment is history: it is drawn from the
 * fragment and holds no connection (each SSE stream costs one of the browser's 6 connections).
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
  const streamed = useToolStream(listed.id, history === undefined || options.replay, options.attempt);
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

  // When a stream ends, the run's fragment and final status exist: refresh what lists them.
  useEffect(() => {
    if (!streamDone) return;
    void utils.executions.list.invalidate({ conversationId: listed.conversationId });
    void utils.fragments.list.invalidate();
  }, [streamDone, utils, listed.conversationId]);

  const run = streamed ?? history;
  return {
    execution,
    status: deriveStatus(execution, run),
    run,
    truncated: meta?.output_truncated === true && !streamDone,
  };
}
