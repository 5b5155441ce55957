import { z } from 'zod';

/**
 * A lone UTF-16 surrogate (half of a character outside the BMP, such as an emoji) has no UTF-8
 * form: SQLite would store it as U+FFFD, one per byte of its broken encoding, and the text would
 * read back changed. User input with one is refused (WellFormedText); tool output, which the
 * user did not write, has each one replaced by a single U+FFFD before it is streamed or stored,
 * so the live stream and the stored fragment agree (README, "Stored text").
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** `text` with every lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, which ES2023 lacks). */
export function toWellFormed(text: string): string {
  return hasLoneSurrogate(text) ? text.replace(LONE_SURROGATES, '\ufffd') : text;
}

/** A string the user writes: refused, naming `what`, when it holds a lone surrogate. */
export function WellFormedText(what: string) {
  return z.string().refine((text) => !hasLoneSurrogate(text), {
    message: `${what} holds a lone UTF-16 surrogate (half of a character such as an emoji), which cannot be stored as sent: send well-formed Unicode text`,
  });
}
