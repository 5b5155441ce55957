import { TRPCClientError } from '@trpc/client';

/** What to tell the user about a failed request: the server's own message when there is one. */
export function describeRequestError(error: unknown): { message: string; code: string | null } {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
    const code = typeof data?.code === 'string' ? data.code : null;
    return { message: error.message || 'the request failed', code };
  }
  if (error instanceof Error) return { message: error.message, code: null };
  return { message: String(error), code: null };
}
