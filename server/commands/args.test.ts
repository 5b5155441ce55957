import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs } from './args';
import { AppError } from '../errors/appError';

const stringMessage = { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] };
const numberMessage = { type: 'object', properties: { message: { type: 'number' } } };
const mixed = {
  type: 'object',
  properties: {
    s: { type: ['string'] },
    n: { type: 'number' },
    u: { type: ['string', 'null'] },
    any: {},
  },
};

// [rawArgs, expected, schema?]
const ok: Array<[string, Record<string, unknown>, Record<string, unknown>?]> = [
  ['', {}],
  ['   ', {}],
  ['\n\t ', {}],
  // JSON objects
  ['{}', {}],
  ['{"a":1,"b":2}', { a: 1, b: 2 }],
  ['  {"a": 1}  ', { a: 1 }],
  ['{\n  "a": [1, {"b": "}"}],\n  "c": "{"\n}', { a: [1, { b: '}' }], c: '{' }],
  ['{"s": "😀 héllo\\n"}', { s: '😀 héllo\n' }],
  ['{"message": 123}', { message: 123 }, stringMessage], // JSON is taken literally; the schema check refuses it later
  ['{"__proto__": {"x": 1}}', JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>],
  ['{"big": 12345678901234567890}', { big: 12345678901234567890 }],
  // key=value
  ['a=1', { a: 1 }],
  ['a=1 b=2', { a: 1, b: 2 }],
  ['a=1\nb=2\tc=3', { a: 1, b: 2, c: 3 }],
  ['a=1    b=2   ', { a: 1, b: 2 }],
  ['a=-1.5e3', { a: -1500 }],
  ['a=true b=false c=null', { a: true, b: false, c: null }],
  ['a=hello', { a: 'hello' }],
  ['a=héllo b=😀', { a: 'héllo', b: '😀' }],
  ['a=007', { a: '007' }],
  ['a=.5', { a: '.5' }],
  ['a=1.0', { a: 1 }],
  ['a=9007199254740991', { a: 9007199254740991 }],
  ['a=-9007199254740991', { a: -9007199254740991 }],
  ['a=', { a: '' }],
  ['a= b=1', { a: '', b: 1 }],
  ['a=b=c', { a: 'b=c' }],
  ['a==', { a: '=' }],
  ["msg=don't", { msg: "don't" }],
  ['a=x"y', { a: 'x"y' }],
  ['path=/etc/hosts', { path: '/etc/hosts' }],
  ['url=https://x.test/?q=1&r=2', { url: 'https://x.test/?q=1&r=2' }],
  ['a="b c"', { a: 'b c' }],
  ['a=""', { a: '' }],
  ["a=''", { a: '' }],
  ['a="with \\"escape\\""', { a: 'with "escape"' }],
  ['a="tab\\there\\nnl \\u00e9 \\\\"', { a: 'tab\there\nnl é \\' }],
  ['a="raw\nnewline\tand tab"', { a: 'raw\nnewline\tand tab' }],
  ["a='no \\escapes \"here\"'", { a: 'no \\escapes "here"' }],
  ["p='C:\\Users\\me'", { p: 'C:\\Users\\me' }],
  ['a="123" b=\'true\'', { a: '123', b: 'true' }, numberMessage],
  ['a="{\\"x\\": 1}"', { a: '{"x": 1}' }],
  ['a="😀 🎉"', { a: '😀 🎉' }],
  ['x="b c" d=\'e f\' g=[1, 2] h={"k": "v w"}', { x: 'b c', d: 'e f', g: [1, 2], h: { k: 'v w' } }],
  ['g=[1, [2, 3], {"a": "]"}]', { g: [1, [2, 3], { a: ']' }] }],
  ['o={"a": {"b": "} {"}}', { o: { a: { b: '} {' } } }],
  ['o={"q": "say \\"hi there\\""}', { o: { q: 'say "hi there"' } }],
  ["tags=['a b']", { tags: "['a b']" }],
  ['tags=[a, b]', { tags: '[a, b]' }],
  ['a=] b=}', { a: ']', b: '}' }],
  ['_a=1 a.b=2 c-d=3 A9=4', { _a: 1, 'a.b': 2, 'c-d': 3, A9: 4 }],
  ['constructor=1 toString=2', { constructor: 1, toString: 2 }],
  // the schema decides whether unquoted text stays a string
  ['message=123', { message: '123' }, stringMessage],
  ['message=123', { message: 123 }, numberMessage],
  ['message=123', { message: 123 }],
  ['message=true', { message: 'true' }, stringMessage],
  ['message=null', { message: 'null' }, stringMessage],
  ['message=[1, 2]', { message: '[1, 2]' }, stringMessage],
  ['message=12345678901234567890', { message: '12345678901234567890' }, stringMessage],
  ['message=1e400', { message: '1e400' }, stringMessage],
  ['s=1 n=1 u=1 any=1', { s: '1', n: 1, u: 1, any: 1 }, mixed],
  ['other=1', { other: 1 }, stringMessage],
  ['toString=1', { toString: 1 }, stringMessage], // not a schema property just because Object.prototype has it
];

describe('parseArgs: accepted input', () => {
  for (const [raw, expected, schema] of ok) {
    test(`${JSON.stringify(raw)}${schema ? ' (with schema)' : ''}`, () => {
      assert.deepEqual(parseArgs(raw, schema), expected);
    });
  }

  test('__proto__=… becomes an own property and leaves the prototype alone', () => {
    const result = parseArgs('__proto__={"polluted":1}');
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, { polluted: 1 });
    assert.equal((result as { polluted?: unknown }).polluted, undefined);
    assert.equal(JSON.stringify(result), '{"__proto__":{"polluted":1}}');
  });
});

// [rawArgs, expected message (exact string or pattern), schema?]
const bad: Array<[string, string | RegExp, Record<string, unknown>?]> = [
  ['{', /^arguments are not valid JSON: .+/],
  ['{"a": 1', /^arguments are not valid JSON: /],
  ["{'a': 1}", /^arguments are not valid JSON: /],
  ['{"a": 1} extra', /^arguments are not valid JSON: /],
  ['{a=1}', /^arguments are not valid JSON: /],
  ['[1]', 'arguments must be a JSON object, got an array'],
  ['[]', 'arguments must be a JSON object, got an array'],
  ['[1', /^arguments are not valid JSON: /],
  ['{"a": 1e400}', '"a" is a number too large to represent'],
  ['{"a": [1, {"b": -1e999}]}', '"a.1.b" is a number too large to represent'],
  ['hello', 'expected key=value pairs or a JSON object, but "hello" has no "="'],
  ['null', 'expected key=value pairs or a JSON object, but "null" has no "="'],
  ['123', 'expected key=value pairs or a JSON object, but "123" has no "="'],
  ['😀', 'expected key=value pairs or a JSON object, but "😀" has no "="'],
  ['a=1 b', 'expected key=value pairs or a JSON object, but "b" has no "="'],
  ['a="x" b', 'expected key=value pairs or a JSON object, but "b" has no "="'],
  ['"hello world"', 'expected key=value pairs or a JSON object, but "\\"hello world\\"" has no "="'],
  ['hello world', 'expected key=value pairs or a JSON object, but "hello" has no "="; try message="hello world"', stringMessage],
  ['"hello world"', /; try message="hello world"$/, stringMessage],
  ["'hello world'", /; try message="hello world"$/, stringMessage],
  ['say "hi"\nbye', /^expected key=value pairs.*"say" has no "="; try message="say \\"hi\\"\\nbye"$/, stringMessage],
  ['hello world', 'expected key=value pairs or a JSON object, but "hello" has no "="', numberMessage],
  ['message=hello world', /"world" has no "="; to put spaces in a value, quote it: message="hello world"$/],
  ['a=1 b=two three c=4', /"three" has no "="; to put spaces in a value, quote it: b="two three"$/],
  ['=b', 'missing argument name before "=" in "=b"'],
  ['a=1 =2', 'missing argument name before "=" in "=2"'],
  ['1a=2', /^invalid argument name "1a": names start with a letter/],
  ['ключ=1', /^invalid argument name "ключ"/],
  ['-a=1', /^invalid argument name "-a"/],
  ['a"b=1', /^invalid argument name "a\\"b"/],
  ['a=1 a=2', '"a" is given twice'],
  ['a=1 b=2 a="x"', '"a" is given twice'],
  ['constructor=1 constructor=2', '"constructor" is given twice'],
  ['msg="abc', 'unterminated quote in value of "msg"'],
  ["msg='abc", 'unterminated quote in value of "msg"'],
  ['msg="abc\\"', 'unterminated quote in value of "msg"'],
  ['o={"a: 1}', 'unterminated quote in value of "o"'],
  ['tags=[1, 2', 'unclosed bracket in value of "tags"'],
  ['o={"a": [1}', 'unclosed bracket in value of "o"'],
  ['a="b"c', 'unexpected text after the closing quote in value of "a"'],
  ["a='b'c", 'unexpected text after the closing quote in value of "a"'],
  ['p="C:\\Users"', /^invalid escape in the double-quoted value of "p" \(use single quotes/],
  ['a="\\u12"', /^invalid escape in the double-quoted value of "a"/],
  ['n=12345678901234567890', /^"n" is too large to pass exactly as a number; quote it to pass it as text: n="12345678901234567890"$/],
  ['n=-99999999999999999999', /^"n" is too large to pass exactly/],
  ['n=1e400', '"n" is a number too large to represent'],
  ['n=[1, 1e400]', '"n.1" is a number too large to represent'],
  ['message=1e400', '"message" is a number too large to represent', numberMessage],
];

describe('parseArgs: refused input', () => {
  for (const [raw, expected, schema] of bad) {
    test(`${JSON.stringify(raw)}${schema ? ' (with schema)' : ''}`, () => {
      assert.throws(
        () => parseArgs(raw, schema),
        (error: unknown) => {
          assert.ok(error instanceof AppError, 'an AppError');
          assert.equal(error.code, 'BAD_ARGUMENTS');
          if (typeof expected === 'string') assert.equal(error.message, expected);
          else assert.match(error.message, expected);
          return true;
        },
      );
    });
  }

  test('the hint round-trips: the suggested text parses to the intended value', () => {
    const raw = 'a "quoted" word\twith tab\nand é 😀';
    const error = (() => {
      try {
        parseArgs(raw, stringMessage);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    const hint = /; try (.*)$/s.exec(error?.message ?? '')?.[1];
    assert.ok(hint, 'a hint was given');
    assert.deepEqual(parseArgs(hint, stringMessage), { message: raw });
  });

  test('no hint when two required string properties exist', () => {
    const schema = { properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a', 'b'] };
    assert.throws(() => parseArgs('hello', schema), { message: 'expected key=value pairs or a JSON object, but "hello" has no "="' });
  });

  test('a huge input is parsed without recursion trouble', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    assert.equal(Object.keys(parseArgs(deep)).length, 1);
  });
});
