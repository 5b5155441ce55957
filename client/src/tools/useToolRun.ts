import { useEffect, useMemo } from 'react';
import type { Execution, ExecutionStatus, Fragment } from '../../../shared/api';
import { isFinished } from '../../../shared/runStatus';
import { trpc } from '../trpc';
import { isOutputCut, runFromFragment, runRecordOf } from './fragmentMetadata';
import { startedRuns } from './startedRuns';
import { statusOfRun, type ToolRunState } from './toolStreamStore';
import { useToolStream } from './useToolStream';

export interface ToolRunView {
  execution: Execution;
  status: ExecutionStatus;
  /** While queued: the place in the queue, from the stream (or the listed record before its first event). */
  queuePosition: number | null;
  /** While running: when it started, from the stream (or the listed record). */
  startedAt: number | null;
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
 * A queued or running run subscribes to its stream, which is the one source of its state: its
 * place in the queue (`tool_queued`, again each time it moves up), its start, and its end. The
 * listed record only fills in before the first event arrives; nothing is polled.
 */
export function useToolRun(listed: Execution, fragment: Fragment | undefined, options: ToolRunOptions): ToolRunView {
  const utils = trpc.useUtils();
  const meta = useMemo(() => (fragment ? runRecordOf(fragment) : null), [fragment]);
  const history = useMemo(
    () => (isFinished(listed.status) && fragment && meta ? runFromFragment(fragment, meta) : undefined),
    [listed.status, fragment, meta],
  );
  const mine = startedRuns.has(listed.id);
  const streamed = useToolStream(listed.id, history === undefined || mine || options.replay, options.attempt);
  const streamDone = streamed?.done ?? false;

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
  // Before the stream's first event, the listed record is all we know.
  const fromStream = run ? statusOfRun(run) : null;
  return {
    execution: listed,
    status: fromStream ?? listed.status,
    queuePosition: fromStream && run ? run.queuePosition : listed.queuePosition,
    startedAt: (fromStream && run?.startedAt) || listed.startedAt,
    run,
    cut: cut ? { shownChars: history.output.chars, totalChars: meta.outputChars } : null,
    replayedLines: options.replay && cut ? (streamed?.output.lines.length ?? 0) : null,
    connectionError: streamed && !streamed.done ? streamed.connectionError : null,
  };
}
