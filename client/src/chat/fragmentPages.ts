import type { Fragment } from '../../../shared/api';

/**
 * A conversation loads in pages of its newest fragments, then page by page back (`before`).
 * A page is oldest first; `pages[0]` is the newest page, each next one is older.
 */
export const PAGE_SIZE = 200;

/** Tool outputs run to a MiB; the page shows their start, and a card replays the rest on demand. */
export const MAX_CONTENT_CHARS = 64 * 1024;

/** The cursor for the page before this one, or undefined when this page reached the start. */
export function earlierCursor(page: Fragment[], pageSize = PAGE_SIZE): string | undefined {
  return page.length < pageSize ? undefined : page[0]?.id;
}

/** All loaded fragments, oldest first, each once (pages refetched at different times may overlap). */
export function oldestFirst(pages: Fragment[][]): Fragment[] {
  const seen = new Set<string>();
  const fragments: Fragment[] = [];
  for (const page of [...pages].reverse()) {
    for (const fragment of page) {
      if (seen.has(fragment.id)) continue;
      seen.add(fragment.id);
      fragments.push(fragment);
    }
  }
  return fragments;
}
