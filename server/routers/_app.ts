import { chatRouter } from '../chat/router';
import { conversationsRouter } from '../conversations/router';
import { executionsRouter } from '../executions/router';
import { fragmentsRouter } from '../fragments/router';
import { serversRouter } from '../servers/router';
import { toolsRouter } from '../tools/router';
import { router } from '../trpc';

/** One router per capability; the client imports only `type AppRouter`. */
export const appRouter = router({
  chat: chatRouter,
  tools: toolsRouter,
  executions: executionsRouter,
  fragments: fragmentsRouter,
  conversations: conversationsRouter,
  servers: serversRouter,
});

export type AppRouter = typeof appRouter;
