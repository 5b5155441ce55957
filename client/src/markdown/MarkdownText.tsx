import { memo, useMemo, type ComponentProps } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { splitBlocks } from './markdownBlocks';

/** Only these open from a reply; anything else (javascript:, relative paths into the app) stays text. */
const CLICKABLE = /^(https?:|mailto:)/i;

/** A model's link opens in a new tab, and the page it opens gets no handle on this one. */
function ReplyLink({ href, title, children }: ComponentProps<'a'> & ExtraProps) {
  if (!href || !CLICKABLE.test(href)) return <span className="md-inert-link">{children}</span>;
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/**
 * An image in a reply is shown as a link, never loaded: the model's text can be steered by what it
 * read (a web page, a tool's output) into an image URL that carries data out the moment it loads.
 */
function ReplyImage({ src, alt }: ComponentProps<'img'> & ExtraProps) {
  const label = `Image: ${alt || 'untitled'}`;
  if (typeof src !== 'string' || !/^https?:/i.test(src)) return <span className="md-inert-link">[{label}]</span>;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer">
      [{label}]
    </a>
  );
}

/** A wide table scrolls on its own (and by keyboard) instead of widening the bubble. */
function ReplyTable({ children }: ComponentProps<'table'> & ExtraProps) {
  return (
    <div className="md-table" tabIndex={0} role="group" aria-label="Table">
      <table>{children}</table>
    </div>
  );
}

const COMPONENTS: Components = { a: ReplyLink, img: ReplyImage, table: ReplyTable };
const PLUGINS = [remarkGfm];

/**
 * One block of Markdown. No rehype-raw: HTML in the text stays text (react-markdown turns raw
 * nodes into text), and the default urlTransform empties unsafe URLs before ReplyLink sees them.
 */
const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <Markdown remarkPlugins={PLUGINS} components={COMPONENTS}>
      {source}
    </Markdown>
  );
});

/**
 * An assistant reply as Markdown (GFM: tables, task lists, strikethrough, autolinks). While it
 * streams, finished blocks are memoized so each new delta re-parses only the last block; once
 * done, the text is rendered whole so constructs spanning blocks come out right.
 */
export function MarkdownText({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const blocks = useMemo(() => (streaming ? splitBlocks(text) : [text]), [text, streaming]);
  return (
    <div className={streaming ? 'markdown markdown-streaming' : 'markdown'}>
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} source={block} />
      ))}
    </div>
  );
}
