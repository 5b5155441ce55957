import { useEffect, useState, type RefObject } from 'react';

export interface LineWindow {
  /** First and one past the last line to put in the DOM. */
  start: number;
  end: number;
}

/**
 * The lines of a scroll box of fixed-height rows that are in view, plus `overscan` either side:
 * plain arithmetic on scrollTop, O(1) however many lines there are. Why not @tanstack/react-virtual:
 * it rebuilds its measurements for every item whenever the count changes, and a live output changes
 * the count every frame; at 100k lines that was the page's largest JavaScript cost (600 ms of a
 * 100k-line run in a CPU profile, bench --only=browser).
 */
export function useLineWindow(scrollRef: RefObject<HTMLElement | null>, count: number, lineHeight: number, overscan: number): LineWindow {
  const [view, setView] = useState({ top: 0, height: 0 });

  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const read = () => setView((v) => (v.top === box.scrollTop && v.height === box.clientHeight ? v : { top: box.scrollTop, height: box.clientHeight }));
    read();
    box.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(box);
    return () => {
      box.removeEventListener('scroll', read);
      observer.disconnect();
    };
  }, [scrollRef]);

  const first = Math.floor(view.top / lineHeight);
  // Before the box has a height (first render), show a screenful so something is there at once.
  const visible = Math.ceil((view.height || 800) / lineHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + visible + overscan) };
}
