import type { ToolInfo } from '../../../shared/api';
import { InlineMarkdown } from '../markdown/InlineMarkdown';
import { ArgumentList } from './ArgumentList';

interface CommandPaletteProps {
  id: string;
  tools: ToolInfo[];
  activeIndex: number;
  onPick: (tool: ToolInfo) => void;
  onHover: (index: number) => void;
}

export const optionId = (paletteId: string, index: number) => `${paletteId}-option-${index}`;

/**
 * The tools matching what follows `/`. The textarea keeps focus (it owns the combobox role and
 * points at the active option), so arrow keys, Tab and Enter work without leaving the input.
 */
export function CommandPalette({ id, tools, activeIndex, onPick, onHover }: CommandPaletteProps) {
  return (
    <ul id={id} className="palette" role="listbox" aria-label="Tools">
      {tools.map((tool, index) => (
        <li
          key={tool.name}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          className={`palette-option${index === activeIndex ? ' palette-option-active' : ''}`}
          // mousedown, not click: picking must not blur the textarea first.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(tool);
          }}
          onMouseEnter={() => onHover(index)}
        >
          {/* The name to type first (what the filter matches), then the tool's title (MCP `title`) when it has one. */}
          <span className="palette-name">
            /{tool.name}
            {tool.title && <span className="palette-title"> {tool.title}</span>}
          </span>
          {tool.source.kind === 'mcp' && <span className="palette-source">MCP · {tool.source.server}</span>}
          {tool.description && <span className="palette-description"><InlineMarkdown text={tool.description} /></span>}
          <ArgumentList tool={tool} compact />
        </li>
      ))}
    </ul>
  );
}
