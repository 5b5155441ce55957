import { z } from 'zod';

// A module of its own: api.ts and events.ts both use it, and each imports the other's schemas, so
// neither may hold it (an import cycle leaves it undefined while the other module initialises).
/** Who asked for a run: a command the user typed (or retried), or the AI model's tool call. */
export const RequestedBySchema = z.enum(['user', 'model']);
export type RequestedBy = z.infer<typeof RequestedBySchema>;
