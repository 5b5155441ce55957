/**
 * Client side of the chatty-tool phase: one tRPC SSE reader of the `bench-chatty` execution (a tool
 * printing tens of thousands of short lines a second) in the client process, next to the 100
 * `bench-probe` streams whose latency the phase reports. It counts every numbered line, so "the
 * chatty stream lost nothing" is checked exactly, not assumed.
 */
import type { ToolEvent } from '../shared/events';
import type { ChattyRead, ToChild } from './protocol';
import { sseClient } from './readers';
import { HELLO, now } from './schedule';

type TrackedEvent = { id: string; data: ToolEvent };
const LINE = /^chatty (\d+)$/;

export function readChatty(msg: Extract<ToChild, { cmd: 'chatty' }>, onReady: () => void): Promise<ChattyRead> {
  return new Promise((resolve) => {
    const seen = new Uint8Array(msg.lines);
    const read: ChattyRead = { lines: 0, bytes: 0, missing: 0, duplicates: 0, outOfOrder: 0, events: 0, ms: 0, complete: false };
    let carry = '';
    let highest = -1;
    let first = 0;
    let ready = false;
    let ended = false;
    const end = (complete: boolean, error?: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      sub.unsubscribe();
      read.complete = complete;
      read.ms = first > 0 ? now() - first : 0;
      for (const flag of seen) if (flag === 0) read.missing++;
      if (error) read.error = error;
      resolve(read);
    };
    const timer = setTimeout(() => end(false, `no done within ${msg.timeoutMs} ms`), msg.timeoutMs);
    const line = (text: string) => {
      if (text === HELLO) {
        if (!ready) {
          ready = true;
          onReady();
        }
        return;
      }
      const match = LINE.exec(text);
      if (!match) return;
      if (first === 0) first = now();
      const index = Number(match[1]);
      read.lines++;
      read.bytes += text.length + 1;
      if (index >= seen.length) return;
      if (seen[index] === 1) read.duplicates++;
      seen[index] = 1;
      if (index < highest) read.outOfOrder++;
      highest = Math.max(highest, index);
    };
    const sub = sseClient(msg.url).chat.streamTool.subscribe(
      { executionId: msg.executionId },
      {
        onData(value) {
          const { data } = value as unknown as TrackedEvent;
          if (data.type === 'tool_output') {
            read.events++;
            // An event may end mid-line in principle (the server caps event size): carry the rest over.
            const parts = (carry + data.content).split('\n');
            carry = parts.pop() ?? '';
            for (const part of parts) line(part);
          } else if (data.type === 'done') end(true);
        },
        onError: (error) => end(false, error.message),
      },
    );
  });
}
