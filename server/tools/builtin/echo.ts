import type { Tool } from '../types';

export const echoTool: Tool = {
  name: 'echo',
  description: 'Repeats the given text back. Useful to check that tools work.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string', description: 'Text to repeat' } },
    required: ['text'],
    additionalProperties: false,
  },
  source: { kind: 'builtin' },
  async call(args, ctx) {
    ctx.output(String(args.text));
    return { isError: false };
  },
};
