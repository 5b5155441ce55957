import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useMemo } from 'react';
import { trpc } from '../trpc';
import { earlierCursor, MAX_CONTENT_CHARS, oldestFirst, PAGE_SIZE } from './fragmentPages';

/**
 * A conversation's fragments: the newest page first, earlier pages on request. It is tanstack's
 * infinite query under tRPC's own key (tRPC's useInfiniteQuery wants a `cursor` input, and ours
 * pages with `before`), so `utils.fragments.list.invalidate()` refreshes it like any list; a
 * refetch reloads the pages newest first, each from the one before, so no gap opens between them.
 */
export function useConversationFragments(conversationId: string) {
  const { client } = trpc.useUtils();
  const input = { conversationId, limit: PAGE_SIZE, maxContentChars: MAX_CONTENT_CHARS };
  const query = useInfiniteQuery({
    queryKey: getQueryKey(trpc.fragments.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) => client.fragments.list.query({ ...input, before: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => earlierCursor(page),
  });
  const pages = query.data?.pages;
  const fragments = useMemo(() => oldestFirst(pages ?? []), [pages]);
  return {
    fragments: query.data ? fragments : undefined,
    pageCount: pages?.length ?? 0,
    error: query.error,
    isPending: query.isPending,
    hasEarlier: query.hasNextPage,
    loadingEarlier: query.isFetchingNextPage,
    loadEarlier: () => void query.fetchNextPage(),
  };
}
