import { prettyJson } from '../lib/format';
import type { ToolResult } from '../../../shared/events';
import { ResourceContents } from '../resources/ResourceContents';
import { OpenResource } from '../resources/ResourceView';
import { serverOfTool } from '../resources/resourceDisplay';

type ContentItem = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Only media types a browser shows inline; anything else is listed, not loaded. */
function dataUrl(mimeType: string | undefined, data: string | undefined, kind: 'image' | 'audio'): string | null {
  if (!mimeType || !data || !mimeType.startsWith(`${kind}/`) || !/^[A-Za-z0-9+/=\s]*$/.test(data)) return null;
  return `data:${mimeType};base64,${data}`;
}

function ResourceItem({ resource }: { resource: ContentItem }) {
  const uri = str(resource.uri) ?? '(no uri)';
  const mimeType = str(resource.mimeType);
  const text = str(resource.text);
  const blob = str(resource.blob);
  // Shown the way an opened resource is (text as text, safe images, the rest downloadable).
  return (
    <div className="result-resource">
      <span className="result-kind">Resource</span>
      <ResourceContents contents={[{ uri, mimeType, text: text !== undefined && text.length > 4000 ? `${text.slice(0, 4000)}…` : text, blob }]} />
    </div>
  );
}

function ContentItemView({ item, server }: { item: ContentItem; server: string | undefined }) {
  const type = str(item.type);
  if (type === 'image' || type === 'audio') {
    const src = dataUrl(str(item.mimeType), str(item.data), type);
    if (src && type === 'image') return <img className="result-image" src={src} alt={`Image from the tool (${str(item.mimeType) ?? 'image'})`} />;
    if (src && type === 'audio') return <audio className="result-audio" controls src={src} aria-label="Audio from the tool" />;
  }
  if (type === 'resource' && typeof item.resource === 'object' && item.resource !== null) {
    return <ResourceItem resource={item.resource as ContentItem} />;
  }
  if (type === 'resource_link') {
    const uri = str(item.uri) ?? '';
    return (
      <div className="result-resource">
        <p className="result-resource-head result-link">
          <span className="result-kind">Link</span> <strong>{str(item.name) ?? uri}</strong> <code>{uri}</code>
          {str(item.description) && <span className="result-meta">{str(item.description)}</span>}
        </p>
        {server && uri && <OpenResource server={server} uri={uri} label={str(item.name)} />}
      </div>
    );
  }
  return <pre className="result-pre">{prettyJson(item)}</pre>;
}

/** What a run returned besides its text output: MCP images, audio, resources, structured JSON. */
export function ResultView({ result }: { result: ToolResult }) {
  const items = result.content ?? [];
  const hasStructured = result.structuredContent !== undefined && result.structuredContent !== null;
  if (items.length === 0 && !hasStructured) return null;
  return (
    <div className="result">
      {items.map((item, index) => (
        <ContentItemView key={index} item={item} server={serverOfTool(result.tool)} />
      ))}
      {hasStructured && (
        <details className="result-structured" open>
          <summary>Structured result</summary>
          <pre className="result-pre">{prettyJson(result.structuredContent)}</pre>
        </details>
      )}
    </div>
  );
}
