import type { ToolProgress } from './toolStreamStore';

/** MCP progress: a bar when the total is known, a moving stripe when it is not. */
export function ProgressBar({ progress, label }: { progress: ToolProgress; label: string }) {
  const { total, message } = progress;
  const known = total !== undefined && total > 0;
  const percent = known ? Math.min(100, Math.max(0, (progress.progress / total) * 100)) : null;
  const text = known ? `${progress.progress} / ${total}` : `${progress.progress}`;
  return (
    <div className="progress">
      <div
        className={`progress-track${known ? '' : ' progress-indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? progress.progress : undefined}
        aria-valuetext={message ? `${text}: ${message}` : text}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="progress-text">
        <span className="progress-count">{text}</span>
        {message && <span className="progress-message">{message}</span>}
      </p>
    </div>
  );
}
