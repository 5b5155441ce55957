import type { ReplyEvent, StreamError } from '../../../shared/events';
import { createStreamStore, type StreamProgress } from '../streams/createStreamStore';

/** A tool the model called while answering; its run is a card of its own, shown in the reply where it was called. */
export interface ReplyToolCall {
  executionId: string;
  tool: string;
  parameters: Record<string, unknown>;
}

/** A call the server refused (nothing ran): its card is drawn from this alone. */
export type ReplyRefusedCall = Omit<Extract<ReplyEvent, { type: 'tool_refused' }>, 'type'>;

/** Where in the reply's text a call was made (`at`: the text's length then), run or refused, in call order. */
export type ReplyCallPlace = { at: number; executionId: string } | { at: number; refused: ReplyRefusedCall };

export interface ReplyState extends StreamProgress {
  text: string;
  toolCalls: ReplyToolCall[];
  /** Every call with its place in the text: the event order tells it (each came after the text so far). */
  places: ReplyCallPlace[];
  error: StreamError | null;
  /** Stopped by the user (chat.cancelReply): the text is what was written until then. */
  stopped: boolean;
  connectionError: string | null;
}

export function initialReply(): ReplyState {
  return { lastEventId: null, done: false, text: '', toolCalls: [], places: [], error: null, stopped: false, connectionError: null };
}

/** One chat.streamReply event applied to a reply; exhaustive, so a new event type cannot be missed. */
export function reduceReplyEvent(state: ReplyState, event: ReplyEvent): ReplyState {
  switch (event.type) {
    case 'reply_delta':
      return { ...state, text: state.text + event.content };
    case 'tool_call': {
      if (state.toolCalls.some((call) => call.executionId === event.executionId)) return state;
      const call = { executionId: event.executionId, tool: event.tool, parameters: event.parameters };
      return { ...state, toolCalls: [...state.toolCalls, call], places: [...state.places, { at: state.text.length, executionId: event.executionId }] };
    }
    case 'tool_refused': {
      const { type: _type, ...refused } = event;
      return { ...state, places: [...state.places, { at: state.text.length, refused }] };
    }
    case 'reply_error':
      // A stop may be told as a CANCELLED error: it is what the user asked for, not a failure.
      if (event.error.code === 'CANCELLED') return { ...state, stopped: true };
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
