import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors/appError';
import { detectCommand } from './detect';
import { resolveCall, type KnownTool, type ToolLookup } from './resolve';
import { ArgumentValidator } from './validate';

type Resolved = { kind: 'text'; text: string } | { kind: 'command'; tool: string; parameters: Record<string, unknown> };

/** A message as chat.send sees it: detected once, then a command is resolved. */
function resolveMessage(content: string, lookup: ToolLookup, validator: ArgumentValidator): Resolved {
  const detected = detectCommand(content);
  return detected.kind === 'text' ? detected : { kind: 'command', ...resolveCall(detected, lookup, validator) };
}

const tools: KnownTool[] = [
  {
    name: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
  },
  {
    name: 'count',
    inputSchema: {
      type: 'object',
      properties: { to: { type: 'integer', minimum: 1 }, intervalMs: { type: 'integer', default: 200 } },
      required: ['to'],
      additionalProperties: false,
    },
  },
  {
    name: 'everything.echo',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
  },
  {
    name: 'everything.get-sum',
    inputSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
];
const byName = new Map(tools.map((tool) => [tool.name, tool]));
const lookup = { get: (name: string) => byName.get(name), names: () => [...byName.keys()] };
const validator = new ArgumentValidator();
const resolve = (content: string): Resolved => resolveMessage(content, lookup, validator);

const text = (t: string): Resolved => ({ kind: 'text', text: t });
const cmd = (tool: string, parameters: Record<string, unknown>): Resolved => ({ kind: 'command', tool, parameters });

const ok: Array<[string, Resolved]> = [
  ['hello', text('hello')],
  ['//echo hi', text('/echo hi')],
  ['/etc/hosts', text('/etc/hosts')],
  ['  /echo hi', text('  /echo hi')],
  ['/ nope', text('/ nope')],
  ['/echo text="hi there"', cmd('echo', { text: 'hi there' })],
  ['/echo text=123', cmd('echo', { text: '123' })],
  ['/echo {"text": "x"}', cmd('echo', { text: 'x' })],
  ['/echo\ntext=😀', cmd('echo', { text: '😀' })],
  ['/count to=3', cmd('count', { to: 3 })],
  ['/everything.echo message=hi', cmd('everything.echo', { message: 'hi' })],
  ['/everything.echo message=hi extra=1', cmd('everything.echo', { message: 'hi', extra: 1 })], // its schema allows more
  ['/everything.get-sum {"a":1,"b":2}', cmd('everything.get-sum', { a: 1, b: 2 })],
  ['/everything.get-sum a=1 b=2.5', cmd('everything.get-sum', { a: 1, b: 2.5 })],
];

const bad: Array<[string, string | RegExp]> = [
  ['/ech hi', 'unknown tool "/ech" — did you mean /echo, /everything.echo?'],
  ['/ECHO text=x', 'unknown tool "/ECHO" — did you mean /echo, /everything.echo?'],
  ['/get-sum a=1 b=2', 'unknown tool "/get-sum" — did you mean /everything.get-sum?'],
  ['/foo', 'unknown tool "/foo" — type / to see the available tools'],
  ['/usr', 'unknown tool "/usr" — type / to see the available tools'],
  ['/everything.nope', 'unknown tool "/everything.nope" — type / to see the available tools'],
  ['/everything.ecoh message=x', 'unknown tool "/everything.ecoh" — did you mean /everything.echo, /echo?'],
  ['/evrything.echo message=x', 'unknown tool "/evrything.echo" — no MCP server named "evrything" is configured; did you mean /everything.echo, /echo?'],
  ['/github.create-issue', 'unknown tool "/github.create-issue" — no MCP server named "github" is configured; type / to see the available tools'],
  ['/echo hello world', 'expected key=value pairs or a JSON object, but "hello" has no "="; try text="hello world"'],
  ['/echo {"text": 1', /^arguments are not valid JSON: /],
  ['/echo', 'invalid arguments for echo: missing required argument "text"'],
  ['/echo {"text": 1}', 'invalid arguments for echo: "text" must be string'],
  ['/echo text=x txt=y', 'invalid arguments for echo: unknown argument "txt" (did you mean "text"?)'],
  ['/count to=0', 'invalid arguments for count: "to" must be >= 1'],
  ['/count to=three', 'invalid arguments for count: "to" must be integer'],
  ['/everything.get-sum a=1', 'invalid arguments for everything.get-sum: missing required argument "b"'],
  ['/everything.get-sum a="1" b=2', 'invalid arguments for everything.get-sum: "a" must be number'],
];

describe('resolveMessage', () => {
  for (const [content, expected] of ok) {
    test(`accepts ${JSON.stringify(content)}`, () => {
      assert.deepEqual(resolve(content), expected);
    });
  }
  for (const [content, expected] of bad) {
    test(`refuses ${JSON.stringify(content)}`, () => {
      assert.throws(
        () => resolve(content),
        (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.ok(['UNKNOWN_TOOL', 'BAD_ARGUMENTS'].includes(error.code), error.code);
          if (typeof expected === 'string') assert.equal(error.message, expected);
          else assert.match(error.message, expected);
          return true;
        },
      );
    });
  }

  test('no tools at all: every command is unknown with the generic hint', () => {
    const empty = { get: () => undefined, names: () => [] };
    assert.throws(() => resolveMessage('/echo x=1', empty, validator), { message: 'unknown tool "/echo" — type / to see the available tools' });
  });

  test('defaults in the schema are not filled into the parameters', () => {
    const resolved = resolve('/count to=2');
    assert.equal(resolved.kind, 'command');
    assert.deepEqual(resolved.kind === 'command' && resolved.parameters, { to: 2 });
  });

  test('names() is only consulted for unknown tools', () => {
    let calls = 0;
    const counting = { get: lookup.get, names: () => (calls++, lookup.names()) };
    resolveMessage('/echo text=x', counting, validator);
    resolveMessage('plain text', counting, validator);
    assert.equal(calls, 0);
    assert.throws(() => resolveMessage('/nope', counting, validator), { name: 'AppError', code: 'UNKNOWN_TOOL' });
    assert.equal(calls, 1);
  });
});

describe('a known but disabled tool', () => {
  test('says why it is off instead of suggesting other names', () => {
    const withDisabled = { ...lookup, unavailableReason: (name: string) => (name === 'shell' ? 'the shell tool is disabled: allow some programs' : undefined) };
    assert.throws(() => resolveMessage('/shell command=ls', withDisabled, validator), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'TOOL_DISABLED');
      assert.equal(error.message, 'the shell tool is disabled: allow some programs');
      return true;
    });
    assert.throws(() => resolveMessage('/shel command=ls', withDisabled, validator), /unknown tool "\/shel"/);
  });
});

describe('a call given as an object (a retry, the AI model)', () => {
  test('is checked against the same schema, with the same messages, and never parsed', () => {
    assert.deepEqual(resolveCall({ tool: 'count', parameters: { to: 2 } }, lookup, validator), { tool: 'count', parameters: { to: 2 } });
    assert.throws(() => resolveCall({ tool: 'count', parameters: { to: '2' } }, lookup, validator), {
      code: 'BAD_ARGUMENTS',
      message: 'invalid arguments for count: "to" must be integer',
    });
    assert.throws(() => resolveCall({ tool: 'ech', parameters: {} }, lookup, validator), {
      code: 'UNKNOWN_TOOL',
      message: 'unknown tool "/ech" — did you mean /echo, /everything.echo?',
    });
  });
});

describe('deeply nested arguments (regression: a 10k-level `[[[…` value passed here and chat.send died in JSON.stringify with a 500 "Maximum call stack size exceeded")', () => {
  const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  test('typed, as key=value or JSON, they are BAD_ARGUMENTS naming the limit', () => {
    for (const content of [`/everything.echo message=hi extra=${nested(10_000)}`, `/everything.echo {"message": "hi", "extra": ${nested(10_000)}}`]) {
      assert.throws(() => resolve(content), { name: 'AppError', code: 'BAD_ARGUMENTS', message: 'arguments are nested more than 64 levels deep' });
    }
  });
  test('from the model (an object), the same', () => {
    const parameters = { message: 'hi', extra: JSON.parse(nested(5_000)) as unknown };
    assert.throws(() => resolveCall({ tool: 'everything.echo', parameters }, lookup, validator), { code: 'BAD_ARGUMENTS' });
  });
  test('63 levels below the arguments object still pass', () => {
    assert.equal(resolve(`/everything.echo message=hi extra=${nested(63)}`).kind, 'command');
    assert.throws(() => resolve(`/everything.echo message=hi extra=${nested(64)}`), { code: 'BAD_ARGUMENTS' });
  });
});
