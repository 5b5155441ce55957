import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Keeps a scroll box pinned to its end while its content grows, until the user scrolls up; it
 * pins again when they scroll back to the end (or press "Jump to latest"). Growth is seen with a
 * ResizeObserver on the content, so it works for streamed output and for cards that grow alike.
 * Only a move *up* unpins: our own scrolls and late scroll events can never unpin by mistake.
 */
export function useStickToBottom(scrollRef: RefObject<HTMLElement | null>, contentRef: RefObject<HTMLElement | null>) {
  const pinned = useRef(true);
  const lastTop = useRef(0);
  const [paused, setPaused] = useState(false);

  const scrollToEnd = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    box.scrollTop = box.scrollHeight;
    lastTop.current = box.scrollTop;
  }, [scrollRef]);

  const onScroll = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 8;
    if (atEnd) pinned.current = true;
    else if (box.scrollTop < lastTop.current - 1) pinned.current = false;
    lastTop.current = box.scrollTop;
    setPaused(!pinned.current);
  }, [scrollRef]);

  useEffect(() => {
    const content = contentRef.current;
    if (!content) return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) scrollToEnd();
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, [contentRef, scrollToEnd]);

  const jumpToLatest = useCallback(() => {
    pinned.current = true;
    setPaused(false);
    scrollToEnd();
  }, [scrollToEnd]);

  return { paused, onScroll, jumpToLatest };
}
