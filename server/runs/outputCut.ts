/**
 * limits.outputKeptChars: what one execution's event log keeps of its output. The first half
 * streams live as always; beyond it the output is held (bounded: only the last half is kept, older
 * text is dropped and counted) and written when the run ends, after one marker saying how much was
 * cut. Progress keeps streaming live meanwhile, so a run past its head still shows signs of life.
 * Every kind of output (stdout, stderr, MCP log lines) counts. The fragment's `outputChars` stays
 * the true total.
 */
type Stream = 'stdout' | 'stderr' | 'log' | undefined;
type Write = (text: string, stream?: 'stdout' | 'stderr' | 'log') => void;

interface Held {
  text: string;
  stream: Stream;
}

export class OutputCut {
  private headLeft: number;
  private readonly tailMax: number;
  private held: Held[] = [];
  /** Index of the oldest held part still kept (parts before it were cut). */
  private start = 0;
  private heldChars = 0;
  /** Characters dropped between the head and the tail. */
  cut = 0;

  constructor(
    private readonly max: number,
    private readonly write: Write,
  ) {
    this.headLeft = Math.ceil(max / 2);
    this.tailMax = max - this.headLeft;
  }

  add(text: string, stream?: Stream): void {
    if (this.headLeft > 0) {
      const head = text.length > this.headLeft ? text.slice(0, this.headLeft) : text;
      this.headLeft -= head.length;
      this.write(head, stream);
      if (head.length === text.length) return;
      text = text.slice(head.length);
    }
    this.held.push({ text, stream });
    this.heldChars += text.length;
    this.trim();
  }

  /** Drops the oldest held text beyond the tail's size; a part may be cut in the middle. */
  private trim(): void {
    while (this.heldChars > this.tailMax) {
      const oldest = this.held[this.start] as Held;
      const excess = this.heldChars - this.tailMax;
      if (oldest.text.length <= excess) {
        this.start++;
        this.heldChars -= oldest.text.length;
        this.cut += oldest.text.length;
      } else {
        oldest.text = oldest.text.slice(excess);
        this.heldChars -= excess;
        this.cut += excess;
      }
    }
    // Keep the array from growing with parts already cut.
    if (this.start > 1024 && this.start * 2 > this.held.length) {
      this.held = this.held.slice(this.start);
      this.start = 0;
    }
  }

  /** Writes what was held: the marker (when something was cut), then the tail. Call once, when the run ends. */
  finish(): void {
    if (this.cut > 0) {
      this.write(
        `\n… ${this.cut} characters cut: the output passed limits.outputKeptChars (${this.max}); ` +
          `the first ${Math.ceil(this.max / 2)} and the last ${this.tailMax} are kept …\n`,
        'log',
      );
    }
    for (let i = this.start; i < this.held.length; i++) {
      const part = this.held[i] as Held;
      this.write(part.text, part.stream);
    }
    this.held = [];
    this.start = 0;
    this.heldChars = 0;
  }
}
