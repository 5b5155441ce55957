import { TRPCClientError } from '@trpc/client';
import type { RequestErrorData } from '../../../shared/errors';

/** What to tell the user about a failed request: the server's own message when there is one. */
export function describeRequestError(error: unknown): { message: string; code: string | null; appCode: string | null } {
  if (error instanceof TRPCClientError) {
    // The server's RequestErrorData; read field by field, since a proxy in between may answer anything.
    const data = (error as TRPCClientError<never>).data as Partial<Record<keyof RequestErrorData, unknown>> | undefined;
    const code = typeof data?.code === 'string' ? data.code : null;
    const appCode = typeof data?.appCode === 'string' ? data.appCode : null;
    return { message: error.message || 'the request failed', code, appCode };
  }
  if (error instanceof Error) return { message: error.message, code: null, appCode: null };
  return { message: String(error), code: null, appCode: null };
}
