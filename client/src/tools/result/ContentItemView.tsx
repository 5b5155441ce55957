import { base64Bytes, embeddedOf, formatBytes, omittedBytes, omittedOf, type ContentItem } from '../../../../shared/toolContent';
import { prettyJson } from '../../lib/format';
import { OpenResource as OpenResourceInPlace } from '../../resources/ResourceView';
import { mediaUrl } from './media';

/** What the card hands to whoever opens a resource (client/src/resources/): the server it came from and the item. */
export interface ResourceRef {
  /** The MCP server of the run (`<server>` of `<server>.<tool>`); undefined for a builtin tool. */
  server: string | undefined;
  uri: string;
  name?: string;
  mimeType?: string;
  /** The embedded resource's contents when the result carried them (a `resource` item). */
  embedded?: ContentItem;
}
export type OpenResource = (resource: ResourceRef) => void;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** Embedded text shown inline up to this much; the rest is for Open. */
const TEXT_PREVIEW_CHARS = 4000;

function OmittedNote({ item }: { item: ContentItem }) {
  const omitted = omittedOf(item);
  if (!omitted) return null;
  return (
    <span className="result-meta result-omitted">
      not kept: {formatBytes(omittedBytes(omitted))} passed limits.resultContentChars ({omitted.limit})
    </span>
  );
}

function OpenButton({ target, onOpen }: { target: ResourceRef; onOpen: OpenResource | undefined }) {
  // Until a resource viewer is wired in (onOpenResource), the link's name and uri are shown as text only.
  if (!onOpen) return null;
  return (
    <button type="button" className="link-button" onClick={() => onOpen(target)} aria-label={`Open ${target.name ?? target.uri}`}>
      Open
    </button>
  );
}

function Media({ item, kind }: { item: ContentItem; kind: 'image' | 'audio' }) {
  const mimeType = str(item.mimeType) ?? `${kind}/?`;
  const src = mediaUrl(kind, item.mimeType, item.data);
  const size = typeof item.data === 'string' ? formatBytes(base64Bytes(item.data.length)) : null;
  if (src && kind === 'image') return <img className="result-image" src={src} alt={`Image from the tool (${mimeType}${size ? `, ${size}` : ''})`} />;
  if (src && kind === 'audio') return <audio className="result-audio" controls src={src} aria-label={`Audio from the tool (${mimeType})`} />;
  const why = omittedOf(item) ? null : mimeType.startsWith('image/svg') ? 'SVG from a tool is not rendered' : `${mimeType} is not shown here`;
  return (
    <p className="result-resource-head">
      <span className="result-kind">{kind}</span> <code>{mimeType}</code>
      {size && <span className="result-meta">{size}</span>}
      {why && <span className="result-meta">{why}</span>}
      <OmittedNote item={item} />
    </p>
  );
}

function Embedded({ item, server, onOpen }: { item: ContentItem; server: string | undefined; onOpen: OpenResource | undefined }) {
  const resource = embeddedOf(item) ?? {};
  const uri = str(resource.uri) ?? '(no uri)';
  const mimeType = str(resource.mimeType);
  const text = str(resource.text);
  const blob = str(resource.blob);
  return (
    <div className="result-resource">
      <p className="result-resource-head">
        <span className="result-kind">Resource</span> <code>{uri}</code>
        {mimeType && <span className="result-meta">{mimeType}</span>}
        {blob !== undefined && <span className="result-meta">{formatBytes(base64Bytes(blob.length))} (binary)</span>}
        <OmittedNote item={item} />
        <OpenButton target={{ server, uri, ...(mimeType ? { mimeType } : {}), embedded: resource }} onOpen={onOpen} />
      </p>
      {/* resource-text: the same text block an opened resource shows (client/src/resources/). */}
      {text !== undefined && <pre className="result-pre resource-text">{text.length > TEXT_PREVIEW_CHARS ? `${text.slice(0, TEXT_PREVIEW_CHARS)}…` : text}</pre>}
    </div>
  );
}

function Link({ item, server, onOpen }: { item: ContentItem; server: string | undefined; onOpen: OpenResource | undefined }) {
  const uri = str(item.uri) ?? '';
  const name = str(item.title) ?? str(item.name) ?? uri;
  const mimeType = str(item.mimeType);
  return (
    <div className="result-resource">
      <p className="result-resource-head result-link">
        <span className="result-kind">Link</span> <strong>{name}</strong> <code>{uri}</code>
        {mimeType && <span className="result-meta">{mimeType}</span>}
        {str(item.description) && <span className="result-meta">{str(item.description)}</span>}
        <OpenButton target={{ server, uri, ...(str(item.name) ? { name: str(item.name) } : {}), ...(mimeType ? { mimeType } : {}) }} onOpen={onOpen} />
      </p>
      {/* Without a viewer passed in, the link opens in place: resources.read, shown safely (client/src/resources/). */}
      {!onOpen && server && uri && <OpenResourceInPlace server={server} uri={uri} label={str(item.name)} />}
    </div>
  );
}

/** One MCP content item of a result, shown safely: media only as raster/audio data URLs, text as text. */
export function ContentItemView({ item, server, onOpenResource }: { item: ContentItem; server: string | undefined; onOpenResource?: OpenResource }) {
  switch (item.type) {
    case 'image':
    case 'audio':
      return <Media item={item} kind={item.type} />;
    case 'resource':
      return <Embedded item={item} server={server} onOpen={onOpenResource} />;
    case 'resource_link':
      return <Link item={item} server={server} onOpen={onOpenResource} />;
    case 'text':
      return typeof item.text === 'string' ? (
        <pre className="result-pre">{item.text}</pre>
      ) : (
        <p className="result-resource-head">
          <span className="result-kind">Text</span> <OmittedNote item={item} />
        </p>
      );
    default:
      return <pre className="result-pre">{prettyJson(item)}</pre>;
  }
}
