import type { Execution, Fragment } from '../../../shared/api';
import { AiReplyMetadataSchema, MessageMetadataSchema } from '../../../shared/fragments';
import { executionFromFragment, runRecordOf } from '../tools/fragmentMetadata';

/**
 * What the conversation shows, in order. Tool fragments are not items of their own: each feeds
 * the card of the run it records. An assistant reply may exist before its fragment does (it is
 * still streaming), so it is keyed by its message id.
 */
export type TimelineItem =
  | { kind: 'user'; key: string; at: number; fragment: Fragment }
  | { kind: 'assistant'; key: string; at: number; messageId: string; fragment: Fragment | undefined }
  | { kind: 'tool'; key: string; at: number; execution: Execution; fragment: Fragment | undefined; retried: boolean };

export interface PendingReply {
  messageId: string;
  userFragmentId: string;
  at: number;
}

/** The reply stream a user's plain message started (chat.streamReply), if the fragment says. */
export function replyStreamOf(fragment: Fragment): string | undefined {
  if (fragment.role !== 'user') return undefined;
  const parsed = MessageMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data.message_id : undefined;
}

/** The reply stream an assistant fragment records; a fragment without one is keyed by its own id. */
function replyIdOf(fragment: Fragment): string {
  const parsed = AiReplyMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data.message_id : fragment.id;
}

/**
 * `hasEarlier`: the fragments are only the newest pages of the conversation; runs older than them
 * are left out too (they would have no fragment, and replaying each one's stream costs a connection).
 */
export function buildTimeline(fragments: Fragment[], executions: Execution[], pending: PendingReply[], hasEarlier = false): TimelineItem[] {
  const since = hasEarlier ? (fragments[0]?.createdAt ?? 0) : 0;
  const toolFragments = new Map<string, Fragment>();
  const items: TimelineItem[] = [];
  const retried = new Set(executions.map((execution) => execution.retryOf).filter((id): id is string => id !== null));
  const listed = new Set(executions.map((execution) => execution.id));
  const replyIds = new Set(fragments.filter((fragment) => fragment.role === 'assistant').map(replyIdOf));

  for (const fragment of fragments) {
    if (fragment.role === 'tool') {
      const meta = runRecordOf(fragment);
      if (!meta) continue;
      toolFragments.set(meta.executionId, fragment);
      if (!listed.has(meta.executionId)) {
        const execution = executionFromFragment(fragment, meta);
        items.push({ kind: 'tool', key: execution.id, at: execution.createdAt, execution, fragment, retried: retried.has(execution.id) });
      }
    } else if (fragment.role === 'assistant') {
      const messageId = replyIdOf(fragment);
      items.push({ kind: 'assistant', key: messageId, at: fragment.createdAt, messageId, fragment });
    } else {
      items.push({ kind: 'user', key: fragment.id, at: fragment.createdAt, fragment });
      // A reply with no fragment yet is still being written (the provider stores it at the end):
      // it gets a bubble of its own, which streams it, even on a page loaded mid-reply.
      const messageId = replyStreamOf(fragment);
      if (messageId !== undefined && !replyIds.has(messageId)) {
        replyIds.add(messageId);
        items.push({ kind: 'assistant', key: messageId, at: fragment.createdAt, messageId, fragment: undefined });
      }
    }
  }
  for (const execution of executions) {
    if (execution.createdAt < since) continue;
    const fragment = toolFragments.get(execution.id);
    items.push({ kind: 'tool', key: execution.id, at: execution.createdAt, execution, fragment, retried: retried.has(execution.id) });
  }
  // A reply this page just asked for, before the list has its user message: it sits where that
  // message will be (server time, not ours).
  const userAt = new Map(fragments.map((fragment) => [fragment.id, fragment.createdAt]));
  for (const reply of pending) {
    if (!replyIds.has(reply.messageId)) {
      const at = userAt.get(reply.userFragmentId) ?? reply.at;
      items.push({ kind: 'assistant', key: reply.messageId, at, messageId: reply.messageId, fragment: undefined });
    }
  }
  // Stable sort: on equal times a user message stays before the run or reply it caused.
  const rank = { user: 0, assistant: 1, tool: 1 } as const;
  return items.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
}
