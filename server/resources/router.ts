import { ReadResourceInputSchema, ResourcePageInputSchema } from '../../shared/mcpFeatures';
import { procedure, router } from '../trpc';
import { listResources, listTemplates, readResource } from './service';

export const resourcesRouter = router({
  /** One page of a server's resources (`nextCursor` for the next). */
  list: procedure.input(ResourcePageInputSchema).query(({ input, ctx }) => listResources(ctx.services.mcp, input.server, input.cursor)),
  /** One page of a server's resource templates (URI templates, RFC 6570). */
  templates: procedure.input(ResourcePageInputSchema).query(({ input, ctx }) => listTemplates(ctx.services.mcp, input.server, input.cursor)),
  /** The contents of one resource: text, or base64 `blob`, each with its mime type. */
  read: procedure.input(ReadResourceInputSchema).query(({ input, ctx }) => readResource(ctx.services.mcp, input.server, input.uri)),
});
