import type { Execution, Fragment } from '../../../shared/api';
import { MessageMetadataSchema } from '../../../shared/fragments';
import { executionFromFragment, runRecordOf } from '../tools/fragmentMetadata';
import type { ModelCall } from './modelCalls';
import type { ReplyRefusedCall } from './replyStreamStore';
import { replyMetadataOf } from './replyMetadata';

/**
 * What the conversation shows, in order. Tool fragments are not items of their own: each feeds
 * the card of the run it records. An assistant reply may exist before its fragment does (it is
 * still streaming), so it is keyed by its message id.
 */
export type TimelineItem =
  | { kind: 'user'; key: string; at: number; fragment: Fragment }
  | {
      kind: 'assistant';
      key: string;
      at: number;
      messageId: string;
      fragment: Fragment | undefined;
      retried: boolean;
      /** The runs this reply's model started, in call order: the bubble shows each where it was called (replyParts). */
      runs: ToolItem[];
    }
  | { kind: 'tool'; key: string; at: number; execution: Execution; fragment: Fragment | undefined; retried: boolean; askedByModel: boolean };

export type ToolItem = Extract<TimelineItem, { kind: 'tool' }>;
type AssistantItem = Extract<TimelineItem, { kind: 'assistant' }>;

export interface PendingReply {
  messageId: string;
  userFragmentId: string;
  at: number;
  /** The reply this one runs again (chat.retryReply): it goes right under that one, which stays. */
  retryOf?: string;
}

/** The reply stream a user's plain message started (chat.streamReply), if the fragment says. */
export function replyStreamOf(fragment: Fragment): string | undefined {
  if (fragment.role !== 'user') return undefined;
  const parsed = MessageMetadataSchema.safeParse(fragment.metadata);
  return parsed.success ? parsed.data.message_id : undefined;
}

/** The reply stream an assistant fragment records; a fragment without one is keyed by its own id. */
function replyIdOf(fragment: Fragment): string {
  return replyMetadataOf(fragment)?.message_id ?? fragment.id;
}

/** A run the model just called, before executions.list has it: the card streams it meanwhile. */
function executionOfCall(call: ModelCall, at: number): Execution {
  const { executionId: id, conversationId, tool, parameters } = call;
  return { id, conversationId, sessionId: '', userFragmentId: '', tool, parameters, status: 'queued', queuePosition: null, createdAt: at, startedAt: null, finishedAt: null, retryOf: null };
}

/** Which reply started which run: the replies' fragments (`tool_calls`), then the live streams. */
function callersOf(fragments: Fragment[], liveCalls: ModelCall[]): Map<string, string> {
  const callers = new Map<string, string>();
  for (const fragment of fragments) {
    const meta = replyMetadataOf(fragment);
    for (const executionId of meta?.tool_calls ?? []) callers.set(executionId, meta?.message_id ?? fragment.id);
  }
  for (const call of liveCalls) if (!callers.has(call.executionId)) callers.set(call.executionId, call.messageId);
  return callers;
}

/** Replies that a later reply to the same message (a retry) followed: their Retry would only repeat it. */
function retriedReplies(fragments: Fragment[], pending: PendingReply[]): Set<string> {
  const latest = new Map<string, string>();
  const retried = new Set<string>();
  for (const fragment of fragments) {
    const meta = replyMetadataOf(fragment);
    if (!meta) continue;
    const before = latest.get(meta.reply_to);
    if (before !== undefined) retried.add(before);
    latest.set(meta.reply_to, meta.message_id);
  }
  for (const reply of pending) if (reply.retryOf !== undefined) retried.add(reply.retryOf);
  return retried;
}

/** One call's place in a reply (`at`: the text's length when it was made), run or refused. */
export type CallPlace = { at: number; executionId: string } | { at: number; refused: ReplyRefusedCall };

export type ReplyPart =
  | { kind: 'text'; key: string; text: string }
  | { kind: 'run'; key: string; item: ToolItem }
  | { kind: 'refused'; key: string; refused: ReplyRefusedCall };

/** A stored reply's places (metadata `tool_call_places`), in the live stream's shape. */
export function placesOf(fragment: Fragment | undefined): CallPlace[] {
  const meta = fragment ? replyMetadataOf(fragment) : null;
  return (meta?.tool_call_places ?? []).map((place) => ('execution_id' in place ? { at: place.at, executionId: place.execution_id } : place));
}

/**
 * A reply's text cut at each call's place, the call's card between the pieces, in call order.
 * A run with no place (a fragment older than places, or its place not heard yet) goes at the end;
 * a place whose run is not known is skipped. The last piece is the one streaming text grows.
 */
export function replyParts(text: string, places: CallPlace[], runs: ToolItem[]): ReplyPart[] {
  const parts: ReplyPart[] = [];
  const byId = new Map(runs.map((run) => [run.key, run]));
  const placed = new Set<string>();
  let cursor = 0;
  const cut = (to: number) => {
    if (to > cursor) parts.push({ kind: 'text', key: `text:${cursor}`, text: text.slice(cursor, to) });
    cursor = Math.max(cursor, to);
  };
  for (const [index, place] of places.entries()) {
    cut(Math.min(place.at, text.length));
    if ('refused' in place) {
      parts.push({ kind: 'refused', key: `refused:${index}`, refused: place.refused });
      continue;
    }
    const run = byId.get(place.executionId);
    if (!run || placed.has(run.key)) continue;
    placed.add(run.key);
    parts.push({ kind: 'run', key: run.key, item: run });
  }
  cut(text.length);
  for (const run of runs) if (!placed.has(run.key)) parts.push({ kind: 'run', key: run.key, item: run });
  return parts;
}

/**
 * `hasEarlier`: the fragments are only the newest pages of the conversation; runs older than them
 * are left out too (they would have no fragment, and replaying each one's stream costs a connection).
 * `liveCalls`: tool calls the open reply streams told (see modelCalls.ts).
 *
 * A run the model started goes in the reply that asked for it (its `runs`) (not at its own time, which
 * is before the reply's fragment is written), in call order; a retried reply's new attempt sits
 * under the old one. Either falls back to its own time when its reply is not on the page.
 */
export function buildTimeline(fragments: Fragment[], executions: Execution[], pending: PendingReply[], hasEarlier = false, liveCalls: ModelCall[] = []): TimelineItem[] {
  const since = hasEarlier ? (fragments[0]?.createdAt ?? 0) : 0;
  const toolFragments = new Map<string, Fragment>();
  const items: TimelineItem[] = [];
  const retried = new Set(executions.map((execution) => execution.retryOf).filter((id): id is string => id !== null));
  const repliesRetried = retriedReplies(fragments, pending);
  const callers = callersOf(fragments, liveCalls);
  const listed = new Set(executions.map((execution) => execution.id));
  const replyIds = new Set(fragments.filter((fragment) => fragment.role === 'assistant').map(replyIdOf));
  const toolItem = (execution: Execution, fragment: Fragment | undefined): ToolItem => ({
    kind: 'tool',
    key: execution.id,
    at: execution.createdAt,
    execution,
    fragment,
    retried: retried.has(execution.id),
    askedByModel: callers.has(execution.id),
  });
  const assistantItem = (messageId: string, at: number, fragment: Fragment | undefined): AssistantItem => ({
    kind: 'assistant',
    key: messageId,
    at,
    messageId,
    fragment,
    retried: repliesRetried.has(messageId),
    runs: [],
  });

  for (const fragment of fragments) {
    if (fragment.role === 'tool') {
      const meta = runRecordOf(fragment);
      if (!meta) continue;
      toolFragments.set(meta.executionId, fragment);
      if (!listed.has(meta.executionId)) items.push(toolItem(executionFromFragment(fragment, meta), fragment));
    } else if (fragment.role === 'assistant') {
      items.push(assistantItem(replyIdOf(fragment), fragment.createdAt, fragment));
    } else {
      items.push({ kind: 'user', key: fragment.id, at: fragment.createdAt, fragment });
      // A reply with no fragment yet is still being written (the provider stores it at the end):
      // it gets a bubble of its own, which streams it, even on a page loaded mid-reply.
      const messageId = replyStreamOf(fragment);
      if (messageId !== undefined && !replyIds.has(messageId)) {
        replyIds.add(messageId);
        items.push(assistantItem(messageId, fragment.createdAt, undefined));
      }
    }
  }
  for (const execution of executions) {
    if (execution.createdAt < since) continue;
    items.push(toolItem(execution, toolFragments.get(execution.id)));
  }
  // A reply this page just asked for, before the list has its user message: it sits where that
  // message will be (server time, not ours).
  const userAt = new Map(fragments.map((fragment) => [fragment.id, fragment.createdAt]));
  const retryOf = new Map<string, string>();
  for (const reply of pending) {
    if (replyIds.has(reply.messageId)) continue;
    replyIds.add(reply.messageId);
    if (reply.retryOf !== undefined) retryOf.set(reply.messageId, reply.retryOf);
    items.push(assistantItem(reply.messageId, userAt.get(reply.userFragmentId) ?? reply.at, undefined));
  }
  const shown = new Set(items.map((item) => item.key));
  for (const call of liveCalls) {
    if (shown.has(call.executionId) || !replyIds.has(call.messageId)) continue;
    shown.add(call.executionId);
    items.push(toolItem(executionOfCall(call, 0), undefined));
  }
  return placeUnderReplies(items, callers, retryOf, replyIds);
}

/** Stable sort by time (a user message before what it caused); each reply's runs go in it, its retries under it. */
function placeUnderReplies(items: TimelineItem[], callers: Map<string, string>, retryOf: Map<string, string>, replyIds: Set<string>): TimelineItem[] {
  const anchorOf = (item: TimelineItem): string | undefined => {
    const anchor = item.kind === 'tool' ? callers.get(item.key) : item.kind === 'assistant' ? retryOf.get(item.key) : undefined;
    return anchor !== undefined && replyIds.has(anchor) ? anchor : undefined;
  };
  const rank = { user: 0, assistant: 1, tool: 1 } as const;
  const byTime = items.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
  const under = new Map<string, TimelineItem[]>();
  const top: TimelineItem[] = [];
  // Runs first, in the order the model called them; then the retries.
  const callOrder = new Map([...callers.keys()].map((id, index) => [id, index]));
  const order = (item: TimelineItem) => (item.kind === 'tool' ? (callOrder.get(item.key) ?? callers.size) : callers.size);
  for (const item of [...byTime].sort((a, b) => order(a) - order(b))) {
    const anchor = anchorOf(item);
    if (anchor === undefined) continue;
    under.set(anchor, [...(under.get(anchor) ?? []), item]);
  }
  for (const item of byTime) if (anchorOf(item) === undefined) top.push(item);
  const out: TimelineItem[] = [];
  const place = (item: TimelineItem) => {
    if (item.kind === 'tool') return;
    out.push(item);
    if (item.kind !== 'assistant') return;
    const children = under.get(item.messageId) ?? [];
    item.runs = children.filter((child): child is ToolItem => child.kind === 'tool');
    for (const child of children) if (child.kind === 'assistant') place(child);
  };
  const placeTop = (item: TimelineItem) => (item.kind === 'tool' ? out.push(item) : place(item));
  top.forEach(placeTop);
  return out;
}
