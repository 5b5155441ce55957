import { useState } from 'react';
import type { Execution, Fragment } from '../../../shared/api';
import { formatArguments, formatCount } from '../lib/format';
import { AnsweredInput } from '../elicitation/AnsweredInput';
import { InputRequestPanel } from '../elicitation/InputRequestPanel';
import { ApprovalPanel } from './ApprovalPanel';
import { ErrorPanel } from './ErrorPanel';
import { OutputView } from './OutputView';
import { ProgressBar } from './ProgressBar';
import { ResultView } from './ResultView';
import { StatusBadge } from './StatusBadge';
import { useRunActions } from './useRunActions';
import { useToolRun } from './useToolRun';

interface ToolCardProps {
  execution: Execution;
  /** The run's tool fragment, once it has finished and been stored. */
  fragment: Fragment | undefined;
  /** A later run retried this one: its Retry button would only duplicate that. */
  retried: boolean;
  /** The AI model called this tool while answering (the card sits under its reply). */
  askedByModel?: boolean;
}

/** One tool execution: what ran, how it is going, its live output, and what it returned. */
export function ToolCard({ execution: listed, fragment, retried, askedByModel = false }: ToolCardProps) {
  const [attempt, setAttempt] = useState(0);
  const [replay, setReplay] = useState(false);
  const { execution, status, queuePosition, startedAt, run, cut, replayedLines, connectionError } = useToolRun(listed, fragment, { attempt, replay });
  const actions = useRunActions(execution.id, execution.conversationId);
  const live = status === 'queued' || status === 'running';
  const args = formatArguments(execution.parameters);
  const label = `${execution.tool} ${args}`.trim();
  // Before the stream's first event only the listed status says it waits; the card's place says who asked.
  const approval = status === 'awaiting_approval' ? (run?.approval ?? { tool: execution.tool, parameters: execution.parameters, requestedBy: askedByModel ? 'model' : 'user' }) : null;

  return (
    <article className={`tool-card tool-card-${status}${askedByModel ? ' tool-card-model' : ''}`} aria-label={`Tool run ${execution.tool}`} data-execution-id={execution.id} data-status={status}>
      <header className="tool-card-head">
        <span className="tool-icon" aria-hidden="true">⚙</span>
        <p className="tool-command" title={label}>
          <span className="tool-name">{execution.tool}</span>
          {args && <span className="tool-args"> {args}</span>}
        </p>
        <StatusBadge
          status={status}
          queuePosition={queuePosition}
          startedAt={startedAt}
          executionTime={run?.result?.executionTime ?? null}
          finishedAt={execution.finishedAt}
          errorCode={run?.error?.code ?? null}
          waitingForInput={run?.inputs.some((exchange) => !exchange.answer) ?? false}
        />
      </header>
      {askedByModel && <p className="tool-note">Asked by the model</p>}
      {execution.retryOf && <p className="tool-note">Retry of an earlier run</p>}
      {retried && <p className="tool-note">Retried — see the newer run below</p>}

      {approval && <ApprovalPanel executionId={execution.id} conversationId={execution.conversationId} {...approval} />}
      {run?.inputs.map((exchange) =>
        // Open while the run goes on; once answered, or once the run ended without an answer, it shows what happened.
        !exchange.answer && live ? (
          <InputRequestPanel key={exchange.request.requestId} executionId={execution.id} tool={execution.tool} request={exchange.request} />
        ) : (
          <AnsweredInput key={exchange.request.requestId} exchange={exchange} />
        ),
      )}
      {live && run?.progress && <ProgressBar progress={run.progress} label={`Progress of ${execution.tool}`} />}
      <OutputView output={run?.output ?? { lines: [], open: false, chars: 0 }} revision={run?.revision ?? 0} label={`Output of ${execution.tool}`} live={live} />
      {cut && (
        <p className="tool-note">
          Showing the first {formatCount(cut.shownChars)} of {formatCount(cut.totalChars)} characters of output.{' '}
          {replayedLines === null ? (
            <button type="button" className="link-button" onClick={() => setReplay(true)}>
              Show full output
            </button>
          ) : (
            <span aria-live="polite">Loading the full output… {formatCount(replayedLines)} lines so far</span>
          )}
        </p>
      )}
      {run?.result && <ResultView result={run.result} />}
      {run?.error && <ErrorPanel error={run.error} />}
      {connectionError && (
        <p className="tool-note tool-note-warn" role="alert">
          Live updates stopped: {connectionError}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Reconnect
          </button>
        </p>
      )}

      <footer className="tool-card-actions">
        {live && (
          <button type="button" className="button button-danger" onClick={actions.stop} disabled={actions.stopping} aria-label={`Stop ${execution.tool}`}>
            {actions.stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
        {!live && run?.error?.recoverable && !retried && !actions.retried && (
          <button type="button" className="button" onClick={actions.retry} disabled={actions.retrying} aria-label={`Retry ${execution.tool}`}>
            {actions.retrying ? 'Retrying…' : 'Retry'}
          </button>
        )}
        {actions.failure && (
          <span className="inline-error" role="alert">
            {actions.failure}
          </span>
        )}
      </footer>
    </article>
  );
}
