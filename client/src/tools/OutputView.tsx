import { memo, useRef } from 'react';
import type { OutputBuffer } from './outputLines';
import { BidiSafeText } from './BidiSafeText';
import { useLineWindow } from './useLineWindow';
import { useStickToBottom } from './useStickToBottom';

/** Rows have one fixed height (CSS `.output-line`), so windowing needs no measuring. */
const LINE_HEIGHT = 20;

interface OutputViewProps {
  output: OutputBuffer;
  /**
   * Changes whenever `output` (mutated in place, so its identity stays) changes: it is what makes
   * this memoized view re-render for new lines, and only for them (not for the card's ticking clock).
   */
  revision: number;
  label: string;
  live: boolean;
}

/**
 * A tool's output as plain text, windowed: only the rows in view (plus a few) are in the DOM, so
 * 100k lines scroll as smoothly as 10. Text goes in as React text nodes — never as HTML.
 * `role="log"` names it for assistive tech; aria-live is off because announcing every line of a
 * fast stream would drown everything else out (the card's status badge announces changes).
 */
export const OutputView = memo(function OutputView({ output, label, live }: OutputViewProps) {
  if (output.lines.length === 0) {
    return live ? <p className="output-empty">Waiting for output…</p> : null;
  }
  return <OutputLines output={output} label={label} live={live} />;
});

/** Mounted only once there is output, so its scroll box and observers exist from the first render. */
function OutputLines({ output, label, live }: Omit<OutputViewProps, 'revision'>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { paused, onScroll, jumpToLatest } = useStickToBottom(scrollRef, contentRef);
  const lines = output.lines;
  const { start, end } = useLineWindow(scrollRef, lines.length, LINE_HEIGHT, 20);
  const rows: number[] = [];
  for (let index = start; index < end; index++) rows.push(index);

  return (
    <div className="output-frame">
      <div
        ref={scrollRef}
        className="output"
        role="log"
        aria-label={label}
        aria-live="off"
        tabIndex={0}
        data-lines={lines.length}
        onScroll={onScroll}
      >
        <div ref={contentRef} className="output-content" style={{ height: lines.length * LINE_HEIGHT }}>
          {rows.map((index) => {
            const line = lines[index];
            if (!line) return null;
            return (
              <div
                key={index}
                className={`output-line output-${line.kind}`}
                data-index={index}
                style={{ transform: `translateY(${index * LINE_HEIGHT}px)` }}
              >
                <BidiSafeText text={line.text} />
              </div>
            );
          })}
        </div>
      </div>
      {paused && live && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}
