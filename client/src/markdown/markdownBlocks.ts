/**
 * A streaming reply re-renders on every frame; parsing the whole text each time grows with its
 * length. Split it into top-level blocks (at blank lines outside fenced code) so that finished
 * blocks keep the same source and their memoized render is reused: only the last one is parsed
 * again. A finished reply is rendered whole (see MarkdownText), so the few constructs a split
 * can disturb (a loose list, a link defined in another block) only matter while it streams.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let blankBefore = false;

  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.trim() === marker) fence = null;
      current.push(line);
      continue;
    }
    if (line.trim() === '') {
      blankBefore = true;
      current.push(line);
      continue;
    }
    // A new block starts after a blank line, unless the line is indented: that continues a list item.
    if (blankBefore && !/^\s/.test(line) && current.some((l) => l.trim() !== '')) {
      blocks.push(current.join('\n'));
      current = [];
    }
    blankBefore = false;
    if (marker) fence = { char: marker[0] ?? '`', length: marker.length };
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}
