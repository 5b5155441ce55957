import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors/appError';
import { ArgumentValidator } from './validate';

const getSum = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
  additionalProperties: false,
};

const rich = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    mode: { enum: ['fast', 'slow'] },
    kind: { const: 'x' },
    email: { type: 'string', format: 'email' },
    n: { type: 'integer', minimum: 1 },
    maybe: { type: ['string', 'null'] },
    opts: {
      type: 'object',
      properties: { depth: { type: 'integer' }, 'a/b': { type: 'string' } },
      required: ['depth'],
      additionalProperties: false,
    },
    list: { type: 'array', items: { type: 'string' } },
    message: { type: 'string' },
  },
  additionalProperties: false,
};

/** Runs validate and returns the AppError message, or undefined when the arguments pass. */
function problems(schema: Record<string, unknown>, args: Record<string, unknown>, tool = 'everything.get-sum'): string | undefined {
  try {
    new ArgumentValidator().validate(tool, schema, args);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'BAD_ARGUMENTS');
    return error.message;
  }
}

// [schema, args, expected message (undefined = valid)]
const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string | undefined]> = [
  ['valid', getSum, { a: 1, b: 2 }, undefined],
  ['the brief example', getSum, { a: '1', c: 3 }, 'invalid arguments for everything.get-sum: "a" must be number; missing required argument "b"; unknown argument "c"'],
  ['nothing given', getSum, {}, 'invalid arguments for everything.get-sum: missing required argument "a"; missing required argument "b"'],
  ['null is not a number', getSum, { a: null, b: 2 }, 'invalid arguments for everything.get-sum: "a" must be number'],
  ['an unknown argument close to a known one', getSum, { a: 1, b: 2, bb: 3 }, 'invalid arguments for everything.get-sum: unknown argument "bb" (did you mean "b"?)'],
  ['enum', rich, { mode: 'medium' }, 'invalid arguments for everything.get-sum: "mode" must be one of "fast", "slow"'],
  ['const', rich, { kind: 'y' }, 'invalid arguments for everything.get-sum: "kind" must be "x"'],
  ['format (ajv-formats is active)', rich, { email: 'nope' }, 'invalid arguments for everything.get-sum: "email" must match format "email"'],
  ['valid format', rich, { email: 'a@b.test' }, undefined],
  ['minimum and integer', rich, { n: 0.5 }, 'invalid arguments for everything.get-sum: "n" must be integer; "n" must be >= 1'],
  ['union type', rich, { maybe: 1 }, 'invalid arguments for everything.get-sum: "maybe" must be string or null'],
  ['union type accepts null', rich, { maybe: null }, undefined],
  [
    'nested paths',
    rich,
    { opts: { extra: 1, 'a/b': 2 } },
    // Sorted by argument, so the order is stable whatever order Ajv reports in.
    'invalid arguments for everything.get-sum: "opts.a/b" must be string; missing required argument "opts.depth"; unknown argument "opts.extra"',
  ],
  ['array items', rich, { list: ['ok', 2] }, 'invalid arguments for everything.get-sum: "list[1]" must be string'],
  ['string field given a number', rich, { message: 123 }, 'invalid arguments for everything.get-sum: "message" must be string'],
  ['unknown with suggestion', rich, { mesage: 'hi' }, 'invalid arguments for everything.get-sum: unknown argument "mesage" (did you mean "message"?)'],
  ['draft-07 $schema', { ...getSum, $schema: 'http://json-schema.org/draft-07/schema#' }, { a: 1, b: 'x' }, 'invalid arguments for everything.get-sum: "b" must be number'],
  ['https draft-07 $schema', { ...getSum, $schema: 'https://json-schema.org/draft-07/schema' }, { a: 1, b: 2 }, undefined],
  ['draft-04 $schema (unknown to Ajv) still validates', { ...getSum, $schema: 'http://json-schema.org/draft-04/schema#' }, { a: 1 }, 'invalid arguments for everything.get-sum: missing required argument "b"'],
  [
    '2020-12 unevaluatedProperties',
    { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: {} }, unevaluatedProperties: false },
    { a: 1, z: 2 },
    'invalid arguments for everything.get-sum: unknown argument "z"',
  ],
  ['an empty schema accepts anything', {}, { anything: [1, { x: null }] }, undefined],
  ['unknown keywords and formats are ignored (strict: false)', { type: 'object', 'x-ui': 1, properties: { a: { format: 'mystery' } } }, { a: 'x' }, undefined],
];

describe('ArgumentValidator.validate', () => {
  for (const [name, schema, args, expected] of cases) {
    test(name, () => {
      assert.equal(problems(schema, args), expected);
    });
  }

  test('a schema that does not compile is an AppError, not a crash', () => {
    const message = problems({ type: 'nope' }, {});
    assert.match(message ?? '', /^the tool's input schema is invalid: /);
    assert.match(problems({ $ref: '#/definitions/missing' }, {}) ?? '', /^the tool's input schema is invalid: /);
  });

  test('the broken schema of one tool does not affect another', () => {
    const validator = new ArgumentValidator();
    assert.throws(() => validator.validate('bad', { type: 'nope' }, {}), /input schema is invalid/);
    assert.doesNotThrow(() => validator.validate('good', getSum, { a: 1, b: 2 }));
  });

  test('two tools may declare the same $id', () => {
    const validator = new ArgumentValidator();
    const a = { $id: 'https://example.test/same.json', ...getSum };
    const b = { $id: 'https://example.test/same.json', type: 'object', properties: { x: { type: 'string' } } };
    assert.doesNotThrow(() => validator.validate('a', a, { a: 1, b: 2 }));
    assert.throws(() => validator.validate('b', b, { x: 1 }), { message: 'invalid arguments for b: "x" must be string' });
  });

  test('arguments are never changed (no defaults, no coercion, no removal)', () => {
    const schema = {
      type: 'object',
      properties: { to: { type: 'integer' }, intervalMs: { type: 'integer', default: 200 }, s: { type: 'string' } },
      additionalProperties: false,
    };
    const validator = new ArgumentValidator();
    const args = Object.freeze({ to: 5, s: 'x' });
    validator.validate('count', schema, args);
    assert.deepEqual(args, { to: 5, s: 'x' });
    const unfrozen: Record<string, unknown> = { to: '5', extra: 1 };
    assert.throws(() => validator.validate('count', schema, unfrozen), { name: 'AppError', code: 'BAD_ARGUMENTS' });
    assert.deepEqual(unfrozen, { to: '5', extra: 1 });
  });

  test('compiled validators are cached per tool and replaced when the schema changes', () => {
    const validator = new ArgumentValidator();
    validator.validate('t', { type: 'object', properties: { a: { type: 'number' } } }, { a: 1 });
    // An equal but new schema object reuses the cache; a different schema takes effect at once.
    validator.validate('t', { type: 'object', properties: { a: { type: 'number' } } }, { a: 2 });
    assert.throws(() => validator.validate('t', { type: 'object', properties: { a: { type: 'string' } } }, { a: 1 }), {
      message: 'invalid arguments for t: "a" must be string',
    });
    const cache = (validator as unknown as { schemas: { cache: Map<string, unknown> } }).schemas.cache;
    assert.equal(cache.size, 1);
  });

  test('the same arguments always give the same message', () => {
    const args = { opts: { extra: 1 }, mode: 'x', n: 0, zz: 1 };
    const first = problems(rich, args);
    assert.ok(first);
    for (let i = 0; i < 3; i++) assert.equal(problems(rich, args), first);
  });
});
