/**
 * A problem with what the user typed (unknown tool, malformed or invalid arguments).
 *
 * The message is shown to the user verbatim (chat.send turns it into a tRPC BAD_REQUEST), so it
 * must say what is wrong in plain words and never leak internals such as stack traces.
 * Anything that is not a CommandError is a server bug and is reported differently.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}
