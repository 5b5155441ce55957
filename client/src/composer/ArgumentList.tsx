import { argumentHints } from './toolSchema';

/** A tool's (or prompt's) arguments from its input schema: name, type, and whether it is required. */
export function ArgumentList({ tool, compact = false }: { tool: { inputSchema: Record<string, unknown> }; compact?: boolean }) {
  const hints = argumentHints(tool);
  if (hints.length === 0) return compact ? null : <p className="args-none">No arguments.</p>;
  return (
    <span className={`args${compact ? ' args-compact' : ''}`}>
      {hints.map((hint) => (
        <span key={hint.name} className={`arg${hint.required ? ' arg-required' : ''}`} title={hint.description}>
          <span className="arg-name">
            {hint.name}
            {hint.required ? '' : '?'}
          </span>
          <span className="arg-type">: {hint.type}</span>
          {!compact && hint.description && <span className="arg-description"> — {hint.description}</span>}
        </span>
      ))}
    </span>
  );
}
