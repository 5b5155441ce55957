/**
 * How a card shows `structuredContent`: an array of flat objects (every value a string, number,
 * boolean or null) is a table, anything else a tree whose nodes may hold such tables.
 */
export type Cell = string | number | boolean | null;
export interface Table {
  columns: string[];
  rows: Record<string, Cell>[];
}

/** Tables wider or longer than this are still tables, but cut, saying so. */
export const MAX_TABLE_ROWS = 500;
export const MAX_TABLE_COLUMNS = 30;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCell = (value: unknown): value is Cell => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The table `value` reads as, or null when it is not a non-empty array of flat objects. Columns in first-seen order. */
export function tableOf(value: unknown): Table | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of value) {
    if (!isPlainObject(row)) return null;
    for (const [key, cell] of Object.entries(row)) {
      if (!isCell(cell)) return null;
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  if (columns.length === 0) return null;
  return { columns, rows: value as Record<string, Cell>[] };
}

/** A leaf as a cell shows it: strings as they are, the rest as JSON; a missing value is empty. */
export function cellText(value: Cell | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
