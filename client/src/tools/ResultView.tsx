import { useState } from 'react';
import type { ToolResult } from '../../../shared/events';
import { byPriority, isForUser } from '../../../shared/toolContent';
import { ContentItemView, type OpenResource } from './result/ContentItemView';
import { StructuredView } from './result/StructuredView';

interface ResultViewProps {
  result: ToolResult;
  /** Opens a resource_link or embedded resource (client/src/resources/); without it links show as text only. */
  onOpenResource?: OpenResource;
  /** Start with the items meant for the model shown (tests; a user opens them with the toggle). */
  showModelItems?: boolean;
}

/** The server of `<server>.<tool>`; builtin tools have none. */
const serverOf = (tool: string): string | undefined => (tool.includes('.') ? tool.slice(0, tool.indexOf('.')) : undefined);

/**
 * What a run returned besides its text output: warnings about the result, MCP content items for the
 * user (most important first: annotations.priority), structuredContent as a table or tree, and,
 * behind a toggle, the items whose audience is only the model.
 */
export function ResultView({ result, onOpenResource, showModelItems = false }: ResultViewProps) {
  const [modelOpen, setModelOpen] = useState(showModelItems);
  const items = byPriority(result.content ?? []);
  const forUser = items.filter(isForUser);
  const forModel = items.filter((item) => !isForUser(item));
  const warnings = result.warnings ?? [];
  const hasStructured = result.structuredContent !== undefined && result.structuredContent !== null;
  if (items.length === 0 && !hasStructured && warnings.length === 0) return null;
  const server = serverOf(result.tool);
  return (
    <div className="result">
      {warnings.map((warning, index) => (
        <p key={index} className="tool-note tool-note-warn result-warning" role="status">
          <strong>Warning:</strong> {warning}
        </p>
      ))}
      {forUser.map((item, index) => (
        <ContentItemView key={index} item={item} server={server} onOpenResource={onOpenResource} />
      ))}
      {hasStructured && <StructuredView value={result.structuredContent} />}
      {forModel.length > 0 && (
        <div className="result-model-items">
          <button type="button" className="link-button" aria-expanded={modelOpen} onClick={() => setModelOpen((open) => !open)}>
            {modelOpen ? 'Hide' : 'Show'} {forModel.length} {forModel.length === 1 ? 'item' : 'items'} for the model
          </button>
          {modelOpen &&
            forModel.map((item, index) => <ContentItemView key={index} item={item} server={server} onOpenResource={onOpenResource} />)}
        </div>
      )}
    </div>
  );
}
