import { idSet } from '../lib/idSet';

/**
 * Conversations this page's own sends created. The route moves to one as soon as chat.send answers,
 * before the conversations list has refetched: the chat view treats these as known (no welcome
 * flash) and keeps the same composer, so text typed meanwhile stays where it is.
 */
export const createdConversations = idSet();
