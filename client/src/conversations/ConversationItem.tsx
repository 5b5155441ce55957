import { useState } from 'react';
import type { Conversation } from '../../../shared/api';
import { describeRequestError } from '../lib/errors';
import { conversationHref } from '../lib/route';
import { trpc } from '../trpc';

interface ConversationItemProps {
  conversation: Conversation;
  current: boolean;
  onOpen: () => void;
}

/** One conversation in the sidebar: a link to it, and an inline rename (Enter saves, Escape cancels). */
export function ConversationItem({ conversation, current, onOpen }: ConversationItemProps) {
  const utils = trpc.useUtils();
  const rename = trpc.conversations.rename.useMutation({
    onSuccess: () => {
      setEditing(false);
      void utils.conversations.list.invalidate();
    },
  });
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const [blank, setBlank] = useState(false);

  if (editing) {
    return (
      <li className="conversation conversation-editing">
        <form
          className="rename-form"
          onSubmit={(event) => {
            event.preventDefault();
            // A blank title would be refused by the server anyway: say so here instead of doing nothing.
            if (title.trim()) rename.mutate({ id: conversation.id, title: title.trim() });
            else setBlank(true);
          }}
        >
          <input
            className="rename-input"
            aria-label="Conversation title"
            value={title}
            autoFocus
            maxLength={200}
            aria-invalid={blank ? true : undefined}
            onChange={(event) => {
              setTitle(event.target.value);
              setBlank(false);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          <button type="submit" className="button button-small" disabled={rename.isPending}>
            Save
          </button>
        </form>
        {blank && (
          <p className="inline-error" role="alert">
            A title needs at least one character that is not a space; Escape keeps “{conversation.title}”.
          </p>
        )}
        {rename.error && <p className="inline-error" role="alert">{describeRequestError(rename.error).message}</p>}
      </li>
    );
  }

  return (
    <li className={`conversation${current ? ' conversation-current' : ''}`}>
      <a className="conversation-link" href={conversationHref(conversation.id)} aria-current={current ? 'page' : undefined} onClick={onOpen}>
        {conversation.title}
      </a>
      <button
        type="button"
        className="icon-button conversation-rename"
        aria-label={`Rename ${conversation.title}`}
        onClick={() => {
          setTitle(conversation.title);
          setBlank(false);
          setEditing(true);
        }}
      >
        <span aria-hidden="true">✎</span>
      </button>
    </li>
  );
}
