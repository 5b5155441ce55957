/**
 * The runs waiting for a slot in the queue, in order, so each one's stream can say where it is.
 * A run that leaves the line (it starts, or is cancelled while waiting) moves everyone behind it
 * up by one; `leave` says who moved and to where, so their streams get the new position.
 */
export class WaitingLine {
  /** Insertion order is queue order (p-queue is FIFO). */
  private readonly ids = new Set<string>();

  /** Joins at the end; returns the 1-based position. */
  join(id: string): number {
    this.ids.add(id);
    return this.ids.size;
  }

  /** 1-based position, or null when the run is not waiting. */
  positionOf(id: string): number | null {
    let position = 0;
    for (const waiting of this.ids) {
      position++;
      if (waiting === id) return position;
    }
    return null;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Leaves the line; returns the runs behind it with their new positions, or null if it was not waiting. */
  leave(id: string): { id: string; position: number }[] | null {
    const index = this.positionOf(id);
    if (index === null) return null;
    this.ids.delete(id);
    // Only the runs behind the one that left move up; those before it keep their place.
    return [...this.ids].slice(index - 1).map((waiting, offset) => ({ id: waiting, position: index + offset }));
  }
}
