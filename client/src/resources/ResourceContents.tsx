import type { ResourceContent } from '../../../shared/mcpFeatures';
import { formatCount } from '../lib/format';
import { decodeBase64, displayOf, fileNameOf } from './resourceDisplay';

/** Saves the bytes as a file; typed application/octet-stream, so nothing of it is ever rendered. */
function download(content: ResourceContent): void {
  const bytes = content.blob !== undefined ? decodeBase64(content.blob) : new TextEncoder().encode(content.text ?? '');
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(content.uri);
  link.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The contents of a resource (read, or embedded in a result), each shown as resourceDisplay.ts decides. */
export function ResourceContents({ contents }: { contents: ResourceContent[] }) {
  if (contents.length === 0) return <p className="resource-empty">The resource is empty.</p>;
  return (
    <div className="resource-contents">
      {contents.map((content, index) => {
        const display = displayOf(content);
        return (
          <div key={index} className="resource-content" data-display={display.kind}>
            <p className="resource-content-head">
              <code>{content.uri}</code>
              {content.mimeType && <span className="result-meta">{content.mimeType}</span>}
              <button type="button" className="button button-small" onClick={() => download(content)}>
                Download {fileNameOf(content.uri)}
              </button>
            </p>
            {display.kind === 'text' && <pre className="result-pre resource-text">{display.text}</pre>}
            {display.kind === 'image' && <img className="result-image" src={display.src} alt={`Resource ${content.uri} (${display.mimeType})`} />}
            {display.kind === 'download' && (
              <p className="resource-binary">
                {formatCount(display.bytes)} bytes{content.mimeType ? ` of ${content.mimeType}` : ''}: not shown here, download it to open it.
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
