import { sleep, type Tool } from '../types';

/** Streams numbered lines over time with progress: a visible, cancellable long-running tool. */
export const countTool: Tool = {
  name: 'count',
  description: 'Counts from 1 to `to`, one line every `intervalMs` milliseconds, reporting progress.',
  inputSchema: {
    type: 'object',
    properties: {
      to: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Last number' },
      intervalMs: { type: 'integer', minimum: 0, maximum: 60_000, default: 200, description: 'Pause between lines' },
    },
    required: ['to'],
    additionalProperties: false,
  },
  source: { kind: 'builtin' },
  async call(args, ctx) {
    const to = Number(args.to);
    const interval = args.intervalMs === undefined ? 200 : Number(args.intervalMs);
    for (let i = 1; i <= to; i++) {
      if (interval > 0) await sleep(interval, ctx.signal);
      // Without a pause, yield now and then so Stop, other streams and the log writer get a turn.
      else if (i % 500 === 0) await sleep(0, ctx.signal);
      ctx.output(`${i}\n`);
      ctx.progress({ progress: i, total: to });
    }
    return { isError: false };
  },
};
