/**
 * Bidirectional control characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069
 * isolates): in a tool's output they could make `cod.exe\u202Etxt` read as `codtxt.exe` — a file
 * name that is not what it says. Shown as visible marks naming the code point instead of applied;
 * the stored output is unchanged (copying a line gives the mark, not the control).
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

const NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

export function BidiSafeText({ text }: { text: string }) {
  if (!BIDI_CONTROL.test(text)) return text;
  BIDI_CONTROL.lastIndex = 0;
  const parts: (string | { mark: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(BIDI_CONTROL)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ mark: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts.map((part, i) =>
    typeof part === 'string' ? (
      part
    ) : (
      <span key={i} className="bidi-control" title={`${codePoint(part.mark)} ${NAMES[part.mark] ?? ''}`.trim()}>
        {`⟨${codePoint(part.mark)}⟩`}
      </span>
    ),
  );
}
