import Markdown from 'react-markdown';

/** Inline code and emphasis only; anything else (links, images, HTML, blocks) shows as its text. */
const INLINE = ['code', 'em', 'strong'];

/**
 * A one-line description from a tool (builtin or an MCP server's): servers write `name` in
 * backticks meaning code, so it reads as code, not as raw backticks. Nothing in it becomes a link
 * or an element that loads anything; raw HTML stays text (react-markdown's default).
 */
export function InlineMarkdown({ text }: { text: string }) {
  return (
    <Markdown allowedElements={INLINE} unwrapDisallowed>
      {text}
    </Markdown>
  );
}
