import { trpc } from '../trpc';

/** A tool's name for people (MCP `title`) from tools.list, shared and cached with the palette; undefined while loading or without one. */
export function useToolTitle(name: string): string | undefined {
  const tools = trpc.tools.list.useQuery(undefined, { staleTime: 30_000 });
  return tools.data?.find((tool) => tool.name === name)?.title;
}
