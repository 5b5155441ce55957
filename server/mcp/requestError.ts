/**
 * What a failed prompts/resources request says to the user. The server's own error answer (a
 * prompt's arguments it refuses, a resource it does not have) is a refused request naming the
 * server; anything else means the server could not be reached.
 */
import { AppError } from '../errors/appError';

/** JSON-RPC codes: -32002 is MCP's "Resource not found"; -32000 / -32001 mean closed / timed out, not an answer. */
const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;
const LOCAL_CODES = new Set([-32000, -32001]);

/**
 * The server's own error answer is the SDK's ProtocolError, carrying the numeric JSON-RPC code; the
 * SDK's local failures (SdkError: closed, timed out, not connected) have string codes. Read by shape,
 * so an error of either SDK version (tests still run v1 servers) is told apart the same way.
 */
const serverCode = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && !LOCAL_CODES.has(code) ? code : undefined;
};

export function requestFailure(server: string, what: string, error: unknown, redact: (text: string) => string): AppError {
  if (error instanceof AppError) return error;
  const message = redact((error as Error).message ?? String(error));
  const code = serverCode(error);
  if (code !== undefined) {
    if (code === RESOURCE_NOT_FOUND) return new AppError('NOT_FOUND', `MCP server "${server}" has no ${what}: ${message}`);
    if (code === INVALID_PARAMS) return new AppError('BAD_ARGUMENTS', `MCP server "${server}" refused ${what}: ${message}`);
    return new AppError('MCP_REQUEST_FAILED', `MCP server "${server}" answered ${what} with an error: ${message}`);
  }
  return new AppError('MCP_SERVER_UNAVAILABLE', `MCP server "${server}" could not be asked for ${what}: ${message}`, { recoverable: true });
}
