/** Where a line came from: the tool's own output, its stderr, or its log (MCP logging). */
export type OutputKind = 'out' | 'stderr' | 'log';

export interface OutputLine {
  text: string;
  kind: OutputKind;
}

/**
 * Output kept as lines, because the view is windowed by line. The array is appended to in place:
 * copying 100k lines per chunk would make long outputs quadratic. Views re-render on the owning
 * state's `revision`, not on the array's identity.
 */
export interface OutputBuffer {
  lines: OutputLine[];
  /** The last line has not seen its newline yet; the next chunk continues it. */
  open: boolean;
  chars: number;
}

export function emptyOutput(): OutputBuffer {
  return { lines: [], open: false, chars: 0 };
}

export function appendOutput(buffer: OutputBuffer, text: string, kind: OutputKind): void {
  if (text === '') return;
  buffer.chars += text.length;
  const parts = text.split('\n');
  const endsWithNewline = parts.at(-1) === '';
  if (endsWithNewline) parts.pop();
  parts.forEach((part, index) => {
    const last = buffer.lines.at(-1);
    if (index === 0 && buffer.open && last && last.kind === kind) {
      last.text += part;
    } else {
      buffer.lines.push({ text: part, kind });
    }
  });
  buffer.open = !endsWithNewline;
}

export function outputFromText(text: string): OutputBuffer {
  const buffer = emptyOutput();
  appendOutput(buffer, text, 'out');
  return buffer;
}
