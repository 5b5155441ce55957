/** Reading chat.streamReply in tests: every event, checked against shared/, until `done`. */
import type { ReplyEvent } from '../../shared/events';
import { collectStream, type CollectOptions } from './collectStream';
import { replyEvent } from './contract';
import type { Client } from './harness';

export interface TrackedReply {
  id: string;
  data: ReplyEvent;
}

export function collectReply(client: Client, messageId: string, options: CollectOptions<ReplyEvent> = {}): Promise<TrackedReply[]> {
  return collectStream(`reply ${messageId}`, (lastEventId, handlers) => client.chat.streamReply.subscribe({ messageId, lastEventId }, handlers), replyEvent, options);
}

/** Resolves with the first event of the reply matching `test` (then stops listening). */
export async function waitForReplyEvent(client: Client, messageId: string, test: (event: ReplyEvent) => boolean): Promise<TrackedReply> {
  let found: TrackedReply | undefined;
  await new Promise<void>((resolve, reject) => {
    const sub = client.chat.streamReply.subscribe(
      { messageId },
      {
        onData(event) {
          const data = replyEvent(event.data);
          if (!found && test(data)) {
            found = { id: event.id, data };
            sub.unsubscribe();
            resolve();
          }
        },
        onError: reject,
        onComplete: () => resolve(),
      },
    );
  });
  if (!found) throw new Error(`reply ${messageId} ended without the awaited event`);
  return found;
}

export const textOf = (events: TrackedReply[]) => events.map((e) => (e.data.type === 'reply_delta' ? e.data.content : '')).join('');
export const replyTypes = (events: TrackedReply[]) => events.map((e) => e.data.type);
export function errorOf(events: TrackedReply[]) {
  const found = events.find((e) => e.data.type === 'reply_error');
  return found?.data.type === 'reply_error' ? found.data.error : undefined;
}
