/** The largest output a tool fragment keeps inline; the event log always has all of it. */
export const FRAGMENT_PREVIEW_CHARS = 1024 * 1024;

/** Collects a run's output for its fragment with bounded memory: a preview plus the total size. */
export class OutputCollector {
  private parts: string[] = [];
  private kept = 0;
  total = 0;

  add(text: string): void {
    this.total += text.length;
    const room = FRAGMENT_PREVIEW_CHARS - this.kept;
    if (room <= 0) return;
    const part = text.length > room ? text.slice(0, room) : text;
    this.parts.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  text(executionId: string): string {
    const preview = this.parts.join('');
    if (!this.truncated) return preview;
    return (
      `${preview}\n[output truncated: the first ${this.kept} of ${this.total} characters are kept here; ` +
      `the full output is the event log of execution ${executionId} (chat.streamTool)]`
    );
  }
}
