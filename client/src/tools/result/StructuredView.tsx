import { cellText, isPlainObject, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, tableOf, type Table } from './structured';

function TableView({ table, label }: { table: Table; label: string }) {
  const columns = table.columns.slice(0, MAX_TABLE_COLUMNS);
  const rows = table.rows.slice(0, MAX_TABLE_ROWS);
  const cut = table.rows.length - rows.length;
  const cutColumns = table.columns.length - columns.length;
  return (
    <div className="result-table-wrap">
      <table className="result-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column} className={typeof row[column] === 'number' ? 'result-cell-number' : undefined}>
                  {cellText(row[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {(cut > 0 || cutColumns > 0) && (
        <p className="result-meta">
          Showing {rows.length} of {table.rows.length} rows and {columns.length} of {table.columns.length} columns.
        </p>
      )}
    </div>
  );
}

function Leaf({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value;
  return <span className={`result-leaf result-leaf-${kind}`}>{typeof value === 'string' ? JSON.stringify(value) : String(value)}</span>;
}

/** One node of the tree: objects and arrays fold (open near the root), arrays of flat objects are tables. */
function Node({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const label = <span className="result-key">{name}</span>;
  const table = tableOf(value);
  if (!isPlainObject(value) && !Array.isArray(value)) {
    return (
      <li>
        {label}: <Leaf value={value} />
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`;
  return (
    <li>
      <details open={depth < 2}>
        <summary>
          {label} <span className="result-meta">{summary}</span>
        </summary>
        {table ? (
          <TableView table={table} label={name} />
        ) : (
          <ul className="result-tree">
            {entries.map(([key, child]) => (
              <Node key={key} name={key} value={child} depth={depth + 1} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

/** `structuredContent` as a table (an array of flat objects) or a collapsible tree (anything else). */
export function StructuredView({ value }: { value: unknown }) {
  const table = tableOf(value);
  return (
    <section className="result-structured" aria-label="Structured result">
      <p className="result-structured-head">Structured result</p>
      {table ? (
        <TableView table={table} label="Structured result" />
      ) : isPlainObject(value) || Array.isArray(value) ? (
        // The root's own fold would only say "an object": its entries are the first level.
        <ul className="result-tree result-tree-root">
          {(Array.isArray(value) ? value.map((item, index): [string, unknown] => [String(index), item]) : Object.entries(value)).map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={1} />
          ))}
        </ul>
      ) : (
        <Leaf value={value} />
      )}
    </section>
  );
}
