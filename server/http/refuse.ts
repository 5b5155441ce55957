/**
 * The answers the HTTP guards give before tRPC runs (a foreign Host or Origin, a POST that is not
 * JSON, a limited address, no token on a stream, a bad path, the login): the same error shape a
 * procedure's refusal has (shared/errors.ts, RequestErrorShape), so a client reads every error one way.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { errorInfo, type AppErrorCode, type RequestErrorBody } from '../../shared/errors';

/** The HTTP status a refusal with `code` answers: tRPC's for the code's tRPC code, unless the catalog says otherwise. */
export function httpStatusOf(code: AppErrorCode): number {
  const info = errorInfo(code);
  return info.httpStatus ?? getHTTPStatusCodeFromError(new TRPCError({ code: info.trpc }));
}

export function refusalBody(code: AppErrorCode, message: string): RequestErrorBody {
  const info = errorInfo(code);
  const data = { code: info.trpc, httpStatus: httpStatusOf(code), appCode: code, recoverable: info.recoverable };
  return { error: { message, code: TRPC_ERROR_CODES_BY_KEY[info.trpc], data } };
}

/** Answers the request with the refusal; `headers` adds to the JSON content type (Retry-After, Cache-Control). */
export function refuse(res: ServerResponse, code: AppErrorCode, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(httpStatusOf(code), { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(refusalBody(code, message)));
}

/** The same refusal for a WebSocket upgrade, written on its socket (no ServerResponse exists), which then closes. */
export function refuseUpgrade(socket: Duplex, code: AppErrorCode, message: string): void {
  const status = httpStatusOf(code);
  const body = JSON.stringify(refusalBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
