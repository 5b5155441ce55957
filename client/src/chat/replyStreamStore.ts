import type { ReplyEvent, StreamError } from '../../../shared/events';
import { createStreamStore, type StreamProgress } from '../streams/createStreamStore';

export interface ReplyState extends StreamProgress {
  text: string;
  /** Tools the model called while answering; their runs appear as cards of their own. */
  toolCalls: { executionId: string; tool: string }[];
  error: StreamError | null;
  connectionError: string | null;
}

export function initialReply(): ReplyState {
  return { lastEventId: null, done: false, text: '', toolCalls: [], error: null, connectionError: null };
}

/** One chat.streamReply event applied to a reply; exhaustive, so a new event type cannot be missed. */
export function reduceReplyEvent(state: ReplyState, event: ReplyEvent): ReplyState {
  switch (event.type) {
    case 'reply_delta':
      return { ...state, text: state.text + event.content };
    case 'tool_call':
      return { ...state, toolCalls: [...state.toolCalls, { executionId: event.executionId, tool: event.tool }] };
    case 'reply_error':
      return { ...state, error: event.error };
    case 'reply_complete':
      return state;
    case 'done':
      return { ...state, done: true };
    default: {
      const unknownEvent: never = event;
      console.warn('unknown reply stream event', unknownEvent);
      return state;
    }
  }
}

export const replies = createStreamStore<ReplyState, ReplyEvent>(initialReply, reduceReplyEvent);
