import type { Fragment } from '../../../shared/api';
import { formatTime } from '../lib/format';
import { CutNote, useFullText } from './FullText';

/** What the user sent. A tool command reads as code; the card that follows shows the run. */
export function UserBubble({ fragment }: { fragment: Fragment }) {
  const isCommand = fragment.metadata.type === 'tool_command';
  const full = useFullText(fragment);
  return (
    <div className="message message-user">
      <div className={`bubble bubble-user${isCommand ? ' bubble-command' : ''}`}>
        <p className="bubble-text">{full.text}</p>
        <CutNote full={full} />
      </div>
      <time className="message-time" dateTime={new Date(fragment.createdAt).toISOString()}>
        {formatTime(fragment.createdAt)}
      </time>
    </div>
  );
}
