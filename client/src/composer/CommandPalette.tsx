import { InlineMarkdown } from '../markdown/InlineMarkdown';
import { ArgumentList } from './ArgumentList';
import type { PaletteEntry } from './paletteEntries';

interface CommandPaletteProps {
  id: string;
  tools: PaletteEntry[];
  activeIndex: number;
  onPick: (tool: PaletteEntry) => void;
  onHover: (index: number) => void;
}

export const optionId = (paletteId: string, index: number) => `${paletteId}-option-${index}`;

/**
 * The tools and MCP prompts matching what follows `/` (a prompt is marked as one). The textarea keeps focus (it owns the combobox role and
 * points at the active option), so arrow keys, Tab and Enter work without leaving the input.
 */
export function CommandPalette({ id, tools, activeIndex, onPick, onHover }: CommandPaletteProps) {
  return (
    <ul id={id} className="palette" role="listbox" aria-label="Tools and prompts">
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
          {tool.kind === 'mcp' && <span className="palette-source">MCP · {tool.server}</span>}
          {tool.kind === 'prompt' && <span className="palette-source palette-source-prompt">Prompt · {tool.server}</span>}
          {tool.description && <span className="palette-description"><InlineMarkdown text={tool.description} /></span>}
          <ArgumentList tool={tool} compact />
        </li>
      ))}
    </ul>
  );
}
