import { specTypeSchemas, type LoggingMessageNotification, type ProgressNotification } from '@modelcontextprotocol/client';

/** `safeParse` over one of the SDK's own spec schemas (Standard Schema, synchronous for these types). */
function specParser<T>(schema: (typeof specTypeSchemas)[keyof typeof specTypeSchemas]) {
  return {
    safeParse(value: unknown): { success: true; data: T } | { success: false } {
      const result = schema['~standard'].validate(value);
      if (result instanceof Promise || result.issues !== undefined) return { success: false };
      return { success: true, data: result.value as T };
    },
  };
}

/** The two notifications routeFirst takes from the transport (connection.ts), checked as the SDK checks them. */
export const ProgressNotificationSchema = specParser<ProgressNotification>(specTypeSchemas.ProgressNotification);
export const LoggingMessageNotificationSchema = specParser<LoggingMessageNotification>(specTypeSchemas.LoggingMessageNotification);
