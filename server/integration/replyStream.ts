/** Reading chat.streamReply in tests: every event, checked against shared/, until `done`. */
import type { ReplyEvent } from '../../shared/events';
import { replyEvent } from './contract';
import type { Client } from './harness';

export interface TrackedReply {
  id: string;
  data: ReplyEvent;
}

export function collectReply(
  client: Client,
  messageId: string,
  options: { lastEventId?: string; onEvent?: (event: TrackedReply) => void; stopAfter?: number } = {},
): Promise<TrackedReply[]> {
  return new Promise((resolve, reject) => {
    const events: TrackedReply[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`reply ${messageId} did not end within 60 s; got ${JSON.stringify(events.map((e) => e.data.type))}`));
    }, 60_000);
    const finish = () => {
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(events);
    };
    const sub = client.chat.streamReply.subscribe(
      { messageId, lastEventId: options.lastEventId },
      {
        onData(event) {
          const tracked = { id: event.id, data: replyEvent(event.data, `chat.streamReply event ${event.id} of ${messageId}`) };
          events.push(tracked);
          options.onEvent?.(tracked);
          if (tracked.data.type === 'done' || events.length === options.stopAfter) finish();
        },
        onError(error) {
          clearTimeout(timer);
          reject(error);
        },
        onComplete: finish,
      },
    );
  });
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
