/**
 * "New conversation" puts the cursor in the composer. A new chat's composer takes the focus when it
 * mounts; when the page already shows a new chat (nothing remounts), the link asks the one shown.
 */
const EVENT = 'fragments:focus-composer';

export const composerFocus = {
  request(): void {
    window.dispatchEvent(new Event(EVENT));
  },
  subscribe(focus: () => void): () => void {
    window.addEventListener(EVENT, focus);
    return () => window.removeEventListener(EVENT, focus);
  },
};
