const PREFIX = 'fragments.draft.';

/**
 * Unsent text per conversation, in sessionStorage: switching conversations or reloading the page
 * never loses what the user was typing, and a draft never follows them into another conversation.
 */
export const drafts = {
  get(conversationId: string | null): string {
    return sessionStorage.getItem(PREFIX + (conversationId ?? 'new')) ?? '';
  },
  set(conversationId: string | null, text: string): void {
    const key = PREFIX + (conversationId ?? 'new');
    if (text === '') sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, text);
  },
};
