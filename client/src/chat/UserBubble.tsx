import type { Fragment } from '../../../shared/api';
import { PROMPT_COMMAND, PromptUseSchema } from '../../../shared/mcpFeatures';
import { formatTime } from '../lib/format';
import { CutNote, useFullText } from './FullText';

/**
 * What the user sent. A tool command reads as code; the card that follows shows the run. A
 * message sent by `/prompt` shows the prompt's text (what the model read) under the command.
 */
export function UserBubble({ fragment }: { fragment: Fragment }) {
  const isCommand = fragment.metadata.type === 'tool_command';
  const prompt = PromptUseSchema.safeParse(fragment.metadata.prompt);
  const full = useFullText(fragment);
  return (
    <div className="message message-user">
      <div className={`bubble bubble-user${isCommand ? ' bubble-command' : ''}`}>
        {prompt.success && (
          <p className="bubble-prompt">
            <span className="bubble-prompt-label">Prompt</span>{' '}
            <code>
              /{PROMPT_COMMAND} {prompt.data.name}
              {Object.entries(prompt.data.arguments).map(([key, value]) => ` ${key}=${JSON.stringify(value)}`).join('')}
            </code>
          </p>
        )}
        <p className="bubble-text">{full.text}</p>
        <CutNote full={full} />
      </div>
      <time className="message-time" dateTime={new Date(fragment.createdAt).toISOString()}>
        {formatTime(fragment.createdAt)}
      </time>
    </div>
  );
}
