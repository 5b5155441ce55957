/**
 * Property-based fuzzing of the command path (detect → parse → resolve) with fast-check.
 * Inputs are bounded in size, so a hang shows up as this file not finishing, not as a timing assertion.
 * About 43k generated cases in all (a few seconds); the seed is printed by fast-check on a failure for replay.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../errors/appError';
import { parseArgs } from './args';
import { detectCommand } from './detect';
import { resolveCall, type KnownTool } from './resolve';
import { ArgumentValidator } from './validate';

// FUZZ_RUNS=100000 for a longer local hunt; the default keeps this file at a few seconds.
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);

/** Characters that stress the parsers: their syntax, every kind of space, invisible and RTL marks, emoji, combining marks, lone surrogates. */
const TRICKY = [
  '/', '=', '"', "'", '\\', '{', '}', '[', ']', ':', ',', '.', '-', '_', ' ', '\t', '\n', '\r',
  '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', '\u200d', '\u200e', '\u200f', '\u202e',
  '😀', '👍🏽', 'e\u0301', '\u0301', '\ud800', '\udfff', '\u0000', 'a', 'Z', '0', '9', 'x=', 'null', 'true', '1e400', '12345678901234567890',
];
const trickyChar = fc.oneof(fc.constantFrom(...TRICKY), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
const trickyString = fc.string({ unit: trickyChar, maxLength: 60 });
/** Any UTF-16 text, lone surrogates included. */
const anyString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
/** Every character JS's `\s` (and so the detector and parser) counts as whitespace. */
const SPACES = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const spaces = fc.string({ unit: fc.constantFrom(...SPACES), minLength: 1, maxLength: 4 });
/** Not whitespace, but invisible or direction-changing: they must never make text a command. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u0301', '\ud83d', '\udca9'];

const toolName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/),
);
const argKey = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/);

/** Runs fn; a throw must be an AppError with one of the given codes (anything else is a server bug). */
function onlyAppErrors(codes: string[], fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError && codes.includes(error.code)) return;
    throw error;
  }
}

const tools: KnownTool[] = [
  { name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false } },
  { name: 'everything.get-sum', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] } },
  { name: 'anything', inputSchema: { type: 'object' } },
];
const byName = new Map(tools.map((tool) => [tool.name, tool]));
const lookup = { get: (name: string) => byName.get(name), names: () => [...byName.keys()] };
const validator = new ArgumentValidator();

describe('detectCommand (property-based)', () => {
  test('never throws; text is the message itself, or one slash less after `//`', () => {
    fc.assert(
      fc.property(fc.oneof(trickyString, anyString, trickyString.map((s) => `/${s}`)), (content) => {
        const detected = detectCommand(content);
        if (detected.kind === 'command') {
          assert.ok(content.startsWith(`/${detected.tool}`));
          assert.match(detected.tool, /^[A-Za-z]/);
          assert.equal(detected.rawArgs, detected.rawArgs.trim());
        } else {
          assert.equal(detected.text, content.startsWith('//') ? content.slice(1) : content);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('anything before the slash (whitespace, NBSP, zero-width, RTL marks, emoji) makes it text, unchanged', () => {
    const prefix = fc.oneof(spaces, fc.constantFrom(...INVISIBLE, '😀', 'e\u0301', 'a'));
    fc.assert(
      fc.property(prefix, toolName, trickyString, (before, tool, rest) => {
        const content = `${before}/${tool} ${rest}`;
        assert.deepEqual(detectCommand(content), { kind: 'text', text: content });
      }),
      { numRuns: RUNS },
    );
  });

  test('surrounding whitespace of any kind changes neither the tool nor the arguments', () => {
    fc.assert(
      fc.property(toolName, trickyString, spaces, spaces, (tool, args, gap, after) => {
        const plain = detectCommand(`/${tool} ${args}`);
        const padded = detectCommand(`/${tool}${gap}${args}${after}`);
        assert.deepEqual(padded, plain);
        assert.equal(plain.kind, 'command');
      }),
      { numRuns: RUNS },
    );
  });

  test('an invisible or non-ASCII character glued to the name keeps it text (never another tool)', () => {
    fc.assert(
      fc.property(toolName, fc.constantFrom(...INVISIBLE, '😀', 'é', '\u00ad'), trickyString, (tool, glued, rest) => {
        const content = `/${tool}${glued} ${rest}`;
        assert.deepEqual(detectCommand(content), { kind: 'text', text: content });
      }),
      { numRuns: RUNS / 5 },
    );
  });

  test('`//` escapes: the text is the message with exactly one slash removed', () => {
    fc.assert(
      fc.property(trickyString, (rest) => {
        assert.deepEqual(detectCommand(`//${rest}`), { kind: 'text', text: `/${rest}` });
      }),
      { numRuns: RUNS / 5 },
    );
  });

  test('a path-like start (a second slash in the first word) is never a command', () => {
    const segment = fc.string({ unit: trickyChar, maxLength: 12 }).filter((s) => !/\s/.test(s));
    fc.assert(
      fc.property(segment, segment, trickyString, (first, second, rest) => {
        const content = `/${first}/${second}${rest}`;
        assert.equal(detectCommand(content).kind, 'text');
      }),
      { numRuns: RUNS / 5 },
    );
  });
});

describe('parseArgs (property-based)', () => {
  test('never throws anything but BAD_ARGUMENTS, with or without a schema', () => {
    const schema = fc.constantFrom(undefined, ...tools.map((tool) => tool.inputSchema));
    fc.assert(
      fc.property(fc.oneof(trickyString, anyString), schema, (raw, inputSchema) => {
        onlyAppErrors(['BAD_ARGUMENTS'], () => {
          const parsed = parseArgs(raw, inputSchema);
          assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('`/tool <JSON object>` parses back to the object (compact or pretty-printed)', () => {
    const object = fc.dictionary(fc.string({ unit: trickyChar, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(toolName, object, fc.boolean(), (tool, obj, pretty) => {
        const expected: unknown = JSON.parse(JSON.stringify(obj)); // -0 → 0, as JSON has it
        const detected = detectCommand(`/${tool} ${pretty ? JSON.stringify(obj, null, 2) : JSON.stringify(obj)}`);
        assert.equal(detected.kind, 'command');
        if (detected.kind !== 'command') return;
        assert.equal(detected.tool, tool);
        assert.deepEqual(parseArgs(detected.rawArgs), expected);
      }),
      { numRuns: RUNS },
    );
  });

  test('key=value pairs with quoted strings, safe integers and booleans round-trip', () => {
    const value = fc.oneof(
      anyString.map((s) => ({ text: JSON.stringify(s), value: s as unknown })),
      anyString.filter((s) => !s.includes("'")).map((s) => ({ text: `'${s}'`, value: s as unknown })),
      fc.maxSafeInteger().map((n) => ({ text: String(n), value: n as unknown })),
      fc.boolean().map((b) => ({ text: String(b), value: b as unknown })),
    );
    fc.assert(
      fc.property(toolName, fc.uniqueArray(fc.tuple(argKey, value), { selector: ([key]) => key, maxLength: 6 }), spaces, (tool, pairs, gap) => {
        const detected = detectCommand(`/${tool} ${pairs.map(([key, v]) => `${key}=${v.text}`).join(gap)}`);
        assert.equal(detected.kind, 'command');
        if (detected.kind !== 'command') return;
        const parsed = parseArgs(detected.rawArgs);
        assert.deepEqual(Object.keys(parsed), pairs.map(([key]) => key));
        for (const [key, v] of pairs) assert.deepEqual(parsed[key], v.value, `${key}=${v.text}`);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('resolveCall (property-based)', () => {
  test('a message is text, a checked call, or an UNKNOWN_TOOL / BAD_ARGUMENTS refusal', () => {
    const message = fc.oneof(
      fc.tuple(fc.constantFrom(...tools.map((tool) => tool.name)), trickyString).map(([tool, args]) => `/${tool} ${args}`),
      fc.tuple(toolName, trickyString).map(([tool, args]) => `/${tool} ${args}`),
      trickyString.map((s) => `/${s}`),
    );
    fc.assert(
      fc.property(message, (content) => {
        const detected = detectCommand(content);
        if (detected.kind === 'text') return;
        onlyAppErrors(['UNKNOWN_TOOL', 'BAD_ARGUMENTS'], () => {
          const call = resolveCall(detected, lookup, validator);
          assert.equal(call.tool, detected.tool);
          JSON.stringify(call.parameters); // what the store does next: must not overflow
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('a call given as an object (a retry, the model) with any JSON values is a checked call or BAD_ARGUMENTS', () => {
    const parameters = fc.dictionary(fc.oneof(argKey, fc.constantFrom('text', 'a', 'b', '__proto__', 'constructor')), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.constantFrom(...tools.map((tool) => tool.name)), parameters, (tool, values) => {
        onlyAppErrors(['BAD_ARGUMENTS'], () => JSON.stringify(resolveCall({ tool, parameters: values, requestedBy: 'model' }, lookup, validator).parameters));
      }),
      { numRuns: RUNS },
    );
  });

  test('nesting of any depth is a checked call or BAD_ARGUMENTS, and a checked call always stringifies', () => {
    const opener = fc.constantFrom('[', '{"k":', '[1,', '{"a":1,"b":');
    const closerOf = (open: string): string => (open.startsWith('[') ? ']' : '}');
    fc.assert(
      fc.property(fc.array(opener, { maxLength: 30 }), fc.integer({ min: 0, max: 20_000 }), fc.boolean(), (pattern, depth, asPair) => {
        const opens = Array.from({ length: depth }, (_, i) => pattern[i % Math.max(pattern.length, 1)] ?? '[');
        const value = `${opens.join('')}0${opens.map(closerOf).reverse().join('')}`;
        const content = asPair ? `/anything x=${value}` : `/anything {"x": ${value}}`;
        const detected = detectCommand(content);
        assert.equal(detected.kind, 'command');
        if (detected.kind !== 'command') return;
        onlyAppErrors(['BAD_ARGUMENTS'], () => JSON.stringify(resolveCall(detected, lookup, validator).parameters));
      }),
      { numRuns: 200 },
    );
  });
});
