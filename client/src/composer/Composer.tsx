import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { trpc } from '../trpc';
import { ArgumentList } from './ArgumentList';
import { CommandPalette, optionId } from './CommandPalette';
import { composerFocus } from './composerFocus';
import { drafts } from './drafts';
import { matchEntries, paletteEntries, type PaletteEntry } from './paletteEntries';
import { readCommandInput } from './toolSchema';
import { useSendMessage } from './useSendMessage';

/**
 * The message input. Enter sends, Shift+Enter adds a line. A leading `/` opens the palette of
 * tools and MCP prompts (arrows move, Tab or Enter completes, Escape closes); once a tool is named, its
 * arguments show as a hint. A refused message keeps its text and shows the server's reason.
 */
export function Composer({ conversationId }: { conversationId: string | null }) {
  const tools = trpc.tools.list.useQuery(undefined, { staleTime: 30_000 });
  const prompts = trpc.prompts.list.useQuery(undefined, { staleTime: 30_000 });
  const entries = paletteEntries(tools.data ?? [], prompts.data ?? []);
  const send = useSendMessage(conversationId);
  const [text, setTextState] = useState(() => drafts.get(conversationId));
  const [activeIndex, setActiveIndex] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const setText = (next: string) => {
    setTextState(next);
    drafts.set(conversationId, next);
  };
  useEffect(() => {
    if (conversationId === null) inputRef.current?.focus(); // a new chat: the input is all there is to do
    return composerFocus.subscribe(() => inputRef.current?.focus());
    // Only on mount: a new chat that becomes its conversation keeps this composer (see ChatView).
  }, []);
  const paletteId = useId();
  const errorId = useId();

  const command = readCommandInput(text);
  const matches = command?.stage === 'name' && !dismissed ? matchEntries(entries, command.typed) : [];
  const paletteOpen = matches.length > 0;
  const active = Math.min(activeIndex, Math.max(0, matches.length - 1));
  const namedTool = command?.stage === 'arguments' ? entries.find((entry) => entry.name === command.tool) : undefined;

  const complete = (tool: PaletteEntry) => {
    setText(`/${tool.name} `);
    setActiveIndex(0);
    inputRef.current?.focus();
  };

  // Sends never block typing: the input clears on success only if it still holds what was sent.
  const latestText = useRef(text);
  latestText.current = text;
  const submit = () => {
    const sending = text;
    if (sending.trim() === '') return;
    void send.submit(sending).then((sent) => {
      if (sent && latestText.current === sending) setText('');
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    const picked = matches[active];
    if (paletteOpen && picked) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActiveIndex((active + step + matches.length) % matches.length);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(true);
        return;
      }
      // Enter on a name already typed in full sends it (a tool without arguments).
      const exact = command?.stage === 'name' && command.typed === picked.name;
      if (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey && !exact)) {
        event.preventDefault();
        complete(picked);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {paletteOpen && <CommandPalette id={paletteId} tools={matches} activeIndex={active} onPick={complete} onHover={setActiveIndex} />}
      {namedTool && (
        <p className="composer-hint">
          <span className="composer-hint-name">/{namedTool.name}</span> <ArgumentList tool={namedTool} />
        </p>
      )}
      {send.error && (
        <p id={errorId} className="composer-error" role="alert">
          {send.error.code && <code className="composer-error-code">{send.error.code}</code>} {send.error.message}
        </p>
      )}
      <div className="composer-row">
        <textarea
          ref={inputRef}
          className="composer-input"
          rows={1}
          value={text}
          placeholder="Message, or / for tools and prompts"
          aria-label="Message"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={paletteOpen}
          aria-controls={paletteOpen ? paletteId : undefined}
          aria-activedescendant={paletteOpen ? optionId(paletteId, active) : undefined}
          aria-describedby={send.error ? errorId : undefined}
          aria-invalid={send.error ? true : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setActiveIndex(0);
            setDismissed(false);
            if (send.error) send.clearError();
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button-primary composer-send" disabled={text.trim() === ''}>
          {send.pending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
