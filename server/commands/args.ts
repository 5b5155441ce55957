/**
 * Turns the text after `/<tool>` into an arguments object. Two forms are accepted:
 *   - a JSON object: `{"a": 1, "b": 2}` (parsed as a whole, so nested braces and `}` in strings work);
 *   - `key=value` pairs: `a=1 msg="hi there" tags=[1, 2]`, where unquoted values are read as JSON
 *     when they parse, so `a=1` gives the number 1 the way a user means it.
 * Every failure is an AppError (BAD_ARGUMENTS) whose message tells the user how to fix the input.
 */
import { AppError } from '../errors/appError';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const KEY_RULE = 'names start with a letter or "_" and contain only letters, digits, "_", "." and "-"';
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseArgs(rawArgs: string, inputSchema?: Record<string, unknown>): Record<string, unknown> {
  const text = rawArgs.trim();
  if (text === '') return {};
  // `[` is taken as JSON too, so `/tool [1]` says "must be an object" rather than "has no =".
  if (text.startsWith('{') || text.startsWith('[')) return parseJsonObject(text);
  return parsePairs(text, inputSchema);
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_ARGUMENTS', `arguments are not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new AppError('BAD_ARGUMENTS', `arguments must be a JSON object, got ${Array.isArray(value) ? 'an array' : String(value)}`);
  rejectNonFinite(value, '');
  return value;
}

function parsePairs(text: string, schema: Schema): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  // The last pair with an unquoted text value: if the next word has no `=`, the user most likely
  // meant a value with spaces in it, and the hint can show exactly how to quote it.
  let previous: Previous;
  let i = 0;
  while (i < text.length) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text[i])) i++;
    if (text[i] !== '=') throw noEquals(text, start, previous, schema);
    const key = text.slice(start, i);
    if (key === '') throw new AppError('BAD_ARGUMENTS', `missing argument name before "=" in ${JSON.stringify(wordAt(text, start))}`);
    if (!KEY.test(key)) throw new AppError('BAD_ARGUMENTS', `invalid argument name ${JSON.stringify(key)}: ${KEY_RULE}`);
    // Object.hasOwn, not `in`: `constructor=1` must not clash with Object.prototype.
    if (Object.hasOwn(result, key)) throw new AppError('BAD_ARGUMENTS', `"${key}" is given twice`);
    const valueStart = i + 1;
    const { value, end, quoted } = readValue(text, valueStart, key, schema);
    // defineProperty creates an own `__proto__` key (as JSON.parse does) instead of replacing the prototype.
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    previous = !quoted && typeof value === 'string' ? { key, valueStart } : undefined;
    i = end;
  }
  return result;
}

type Schema = Record<string, unknown> | undefined;
type Previous = { key: string; valueStart: number } | undefined;

function readValue(text: string, start: number, key: string, schema: Schema): { value: unknown; end: number; quoted: boolean } {
  const first = text[start];
  if (first === undefined || isSpace(first)) return { value: '', end: start, quoted: true }; // `key=` is ""
  if (first === '"' || first === "'") {
    const close = closingQuote(text, start);
    if (close < 0) throw new AppError('BAD_ARGUMENTS', `unterminated quote in value of "${key}"`);
    // `a="b"c` is almost certainly a typo; silently gluing the parts together would hide it.
    if (close + 1 < text.length && !isSpace(text[close + 1])) {
      throw new AppError('BAD_ARGUMENTS', `unexpected text after the closing quote in value of "${key}"`);
    }
    const body = text.slice(start, close + 1);
    return { value: first === '"' ? decodeDoubleQuoted(body, key) : body.slice(1, -1), end: close + 1, quoted: true };
  }
  const end = endOfUnquoted(text, start, key);
  return { value: interpretUnquoted(text.slice(start, end), key, schema), end, quoted: false };
}

/** Index of the quote closing the one at `open`, or -1. Only double quotes have (JSON) escapes. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/**
 * An unquoted value ends at whitespace outside [] / {} so `tags=[1, 2]` and `o={"k": "v w"}` stay
 * whole. Quotes only group inside brackets (JSON strings): outside them an apostrophe, as in
 * `msg=don't`, is an ordinary character.
 */
function endOfUnquoted(text: string, start: number, key: string): number {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (depth === 0 && isSpace(ch)) break;
    if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === '"' && depth > 0) {
      i = closingQuote(text, i);
      if (i < 0) throw new AppError('BAD_ARGUMENTS', `unterminated quote in value of "${key}"`);
    }
  }
  if (depth > 0) throw new AppError('BAD_ARGUMENTS', `unclosed bracket in value of "${key}"`);
  return i;
}

function decodeDoubleQuoted(body: string, key: string): string {
  // JSON forbids raw control characters in strings; a pasted newline or tab should just work.
  const escaped = body.replace(/[\u0000-\u001f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  try {
    return JSON.parse(escaped) as string;
  } catch (error) {
    const hint = '(use single quotes for text with backslashes)';
    throw new AppError('BAD_ARGUMENTS', `invalid escape in the double-quoted value of "${key}" ${hint}: ${(error as Error).message}`);
  }
}

function interpretUnquoted(raw: string, key: string, schema: Schema): unknown {
  // For a string field the user's text is the value: `message=123` must not become the number 123.
  if (isStringProperty(schema, key)) return raw;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw; // `name=Ada`, `007`, `.5`: not JSON, so the text itself
  }
  // JSON.parse rounds 12345678901234567890 silently; refusing beats running the tool on another number.
  if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(value)) {
    throw new AppError('BAD_ARGUMENTS', `"${key}" is too large to pass exactly as a number; quote it to pass it as text: ${key}="${raw}"`);
  }
  rejectNonFinite(value, key);
  return value;
}

/** `1e400` parses to Infinity, which JSON.stringify would later store as null: refuse it up front. */
function rejectNonFinite(root: unknown, rootPath: string): void {
  const stack: Array<[unknown, string]> = [[root, rootPath]]; // iterative: deep nesting must not overflow
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new AppError('BAD_ARGUMENTS', `${path ? `"${path}"` : 'a value'} is a number too large to represent`);
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) stack.push([v, path ? `${path}.${k}` : k]);
    }
  }
}

function isStringProperty(schema: Schema, key: string): boolean {
  const properties = schema?.properties;
  if (!isRecord(properties) || !Object.hasOwn(properties, key)) return false;
  const property = properties[key];
  if (!isRecord(property)) return false;
  const type = property.type;
  return type === 'string' || (Array.isArray(type) && type.length === 1 && type[0] === 'string');
}

/** The word to quote in an error: a whole quoted phrase if it starts with a quote, else up to whitespace. */
function wordAt(text: string, start: number): string {
  const close = text[start] === '"' || text[start] === "'" ? closingQuote(text, start) : -1;
  if (close > 0) return text.slice(start, close + 1);
  let end = start;
  while (end < text.length && !isSpace(text[end])) end++;
  return text.slice(start, end);
}

function noEquals(text: string, start: number, previous: Previous, schema: Schema): AppError {
  const word = wordAt(text, start);
  let message = `expected key=value pairs or a JSON object, but ${JSON.stringify(word)} has no "="`;
  const sole = start === 0 ? soleRequiredString(schema) : undefined;
  if (sole) message += `; try ${sole}=${asDoubleQuoted(text)}`;
  else if (previous) {
    const value = asDoubleQuoted(text.slice(previous.valueStart, start + word.length));
    message += `; to put spaces in a value, quote it: ${previous.key}=${value}`;
  }
  return new AppError('BAD_ARGUMENTS', message);
}

/** With exactly one required string property, `/echo hello world` obviously means that property. */
function soleRequiredString(schema: Schema): string | undefined {
  const required = Array.isArray(schema?.required) ? schema.required : [];
  const names = required.filter((name): name is string => typeof name === 'string' && isStringProperty(schema, name));
  const [only] = names;
  return names.length === 1 && only !== undefined && KEY.test(only) ? only : undefined;
}

/** Text as a double-quoted value the parser reads back to the same string (an already quoted phrase is kept). */
function asDoubleQuoted(text: string): string {
  const quoted = (text.startsWith('"') || text.startsWith("'")) && closingQuote(text, 0) === text.length - 1;
  if (quoted && text.startsWith('"')) return text;
  return JSON.stringify(quoted ? text.slice(1, -1) : text);
}
