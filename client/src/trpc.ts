import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '../../server/routers/_app';

/** Typed only by the server's router type: no server code reaches the browser. */
export const trpc = createTRPCReact<AppRouter>();
