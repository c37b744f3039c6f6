import { useCallback, useEffect, useState } from 'react';
import { errorText, get, post, type GridValue, type PageCursor, type RowsResult, type TableInfo, type TablesResult } from '../api.js';
import { cellClass, cellText } from '../cell.js';

const PAGE_SIZE = 50;

/** Tables with row counts; one table's rows a page at a time, sorted, filtered and editable in place. */
export function DataPage() {
  const [tables, setTables] = useState<TablesResult>();
  const [selected, setSelected] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const loadTables = useCallback(() => {
    get<TablesResult>('/tables')
      .then((t) => {
        setTables(t);
        setSelected((s) => s ?? t.tables[0]?.name);
      })
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }));
  }, []);
  useEffect(loadTables, [loadTables]);

  const table = tables?.tables.find((t) => t.name === selected);
  return (
    <>
      <aside className="sidebar" aria-label="tables">
        {tables?.tables.map((t) => (
          <button key={t.name} className={t.name === selected ? 'active' : ''} onClick={() => setSelected(t.name)} data-table={t.name}>
            <span>{t.name}</span>
            <span className="count">{t.rows.toLocaleString('en-US')}</span>
          </button>
        ))}
        {tables && tables.tables.length === 0 && <p className="muted">No tables.</p>}
      </aside>
      <section className="content">
        {tables && (
          <div className="muted">
            {tables.database}
            {tables.production && ' · production: writes ask first'}
          </div>
        )}
        {message && (
          <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </div>
        )}
        {table && (
          <TableGrid key={table.name} table={table} production={tables?.production ?? false} onMessage={setMessage} onWrite={loadTables} />
        )}
      </section>
    </>
  );
}

interface GridProps {
  table: TableInfo;
  production: boolean;
  onMessage: (m: { kind: 'ok' | 'error'; text: string } | undefined) => void;
  onWrite: () => void;
}

function TableGrid({ table, production, onMessage, onWrite }: GridProps) {
  const [sort, setSort] = useState<{ column: string; descending: boolean }>();
  const [filters, setFilters] = useState<Record<string, string>>({});
  // cursors of the pages before the current one: Previous pops, Next pushes
  const [cursors, setCursors] = useState<Array<PageCursor | undefined>>([undefined]);
  const [page, setPage] = useState<RowsResult>();
  const [editing, setEditing] = useState<{ row: number; column: string; text: string; isNull: boolean }>();
  const [inserting, setInserting] = useState<Record<string, string>>();

  const cursor = cursors.at(-1);
  const load = useCallback(() => {
    post<RowsResult>('/rows', { table: table.name, sort, filters, cursor, limit: PAGE_SIZE })
      .then(setPage)
      .catch((err: unknown) => onMessage({ kind: 'error', text: errorText(err) }));
  }, [table.name, sort, filters, cursor, onMessage]);
  useEffect(load, [load]);

  const confirmProduction = () => !production || confirm('This database is marked production. Write anyway?');
  const rowObject = (row: GridValue[]) => Object.fromEntries(page!.columns.map((c, i) => [c.name, row[i]]));
  const editable = page?.key !== undefined;

  const saveEdit = async () => {
    if (!editing || !page) return;
    const original = rowObject(page.rows[editing.row]);
    if (!confirmProduction()) return;
    try {
      await post('/rows/update', {
        table: table.name,
        original,
        changes: { [editing.column]: editing.isNull ? null : editing.text },
        allowWrites: production,
      });
      onMessage({ kind: 'ok', text: `Saved ${table.name}.${editing.column}.` });
      setEditing(undefined);
      load();
    } catch (err) {
      onMessage({ kind: 'error', text: errorText(err) });
    }
  };

  const remove = async (row: GridValue[]) => {
    if (!confirm(`Delete this row of ${table.name}?`) || !confirmProduction()) return;
    try {
      await post('/rows/delete', { table: table.name, original: rowObject(row), allowWrites: production });
      onMessage({ kind: 'ok', text: `Deleted a row of ${table.name}.` });
      load();
      onWrite();
    } catch (err) {
      onMessage({ kind: 'error', text: errorText(err) });
    }
  };

  const insert = async () => {
    if (!inserting || !confirmProduction()) return;
    // a blank field takes the column's default
    const values = Object.fromEntries(Object.entries(inserting).filter(([, v]) => v !== ''));
    try {
      await post('/rows/insert', { table: table.name, values, allowWrites: production });
      onMessage({ kind: 'ok', text: `Inserted a row into ${table.name}.` });
      setInserting(undefined);
      load();
      onWrite();
    } catch (err) {
      onMessage({ kind: 'error', text: errorText(err) });
    }
  };

  const restart = () => setCursors([undefined]);
  const toggleSort = (column: string) => {
    setSort((s) => (s?.column !== column ? { column, descending: false } : s.descending ? undefined : { column, descending: true }));
    restart();
  };

  if (!page) return <p className="muted">Loading {table.name}…</p>;
  const writable = page.columns.filter((c) => !c.generated);
  return (
    <>
      <div className="toolbar">
        <strong>{table.name}</strong>
        <span className="muted">
          {table.rows.toLocaleString('en-US')} rows · page {cursors.length} · {page.paging} paging
          {!editable && ' · no primary key: read-only'}
        </span>
        <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ◀ Previous
        </button>
        <button className="btn" disabled={!page.next} onClick={() => setCursors((c) => [...c, page.next])}>
          Next ▶
        </button>
        <button className="btn" onClick={() => setInserting(inserting ? undefined : {})}>
          {inserting ? 'Cancel insert' : '+ Insert row'}
        </button>
      </div>
      {inserting && (
        <div className="toolbar" aria-label="new row">
          {writable.map((c) => (
            <label key={c.name}>
              {c.name}{' '}
              <input
                name={`new-${c.name}`}
                placeholder={c.default ?? (c.identity ? 'auto' : c.nullable ? 'NULL' : '')}
                value={inserting[c.name] ?? ''}
                onChange={(e) => setInserting({ ...inserting, [c.name]: e.target.value })}
              />
            </label>
          ))}
          <button className="btn primary" onClick={() => void insert()}>
            Save row
          </button>
        </div>
      )}
      <table className="grid" data-grid={table.name}>
        <thead>
          <tr>
            {page.columns.map((c) => (
              <th key={c.name}>
                <span onClick={() => toggleSort(c.name)} style={{ cursor: 'pointer' }} data-sort={c.name}>
                  {c.name}
                  {page.key?.includes(c.name) && <span className="badge">PK</span>}
                  {sort?.column === c.name && (sort.descending ? ' ▼' : ' ▲')}
                </span>
                <span className="type">{c.type}</span>
                <input
                  aria-label={`filter ${c.name}`}
                  placeholder="filter"
                  value={filters[c.name] ?? ''}
                  onChange={(e) => {
                    setFilters({ ...filters, [c.name]: e.target.value });
                    restart();
                  }}
                />
              </th>
            ))}
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row, r) => (
            <tr key={r}>
              {page.columns.map((c, i) =>
                editing?.row === r && editing.column === c.name ? (
                  <td key={c.name}>
                    <input
                      className="cell-editor"
                      autoFocus
                      value={editing.isNull ? '' : editing.text}
                      placeholder={editing.isNull ? 'NULL' : ''}
                      onChange={(e) => setEditing({ ...editing, text: e.target.value, isNull: false })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') void saveEdit();
                        if (e.key === 'Escape') setEditing(undefined);
                      }}
                    />
                    {c.nullable && (
                      <button className="btn" title="set NULL" onClick={() => setEditing({ ...editing, isNull: true, text: '' })}>
                        ∅
                      </button>
                    )}
                  </td>
                ) : (
                  <td
                    key={c.name}
                    className={`${cellClass(row[i], c.family)}${editable && !c.generated ? ' editable' : ''}`}
                    title={editable && !c.generated ? 'double-click to edit' : undefined}
                    onDoubleClick={() =>
                      editable &&
                      !c.generated &&
                      setEditing({ row: r, column: c.name, text: row[i] === null ? '' : String(row[i]), isNull: row[i] === null })
                    }
                  >
                    {cellText(row[i], c.family)}
                  </td>
                ),
              )}
              {editable && (
                <td>
                  <button className="btn danger" title="delete row" onClick={() => void remove(row)}>
                    ✕
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {page.rows.length === 0 && <p className="muted">No rows{Object.values(filters).some(Boolean) ? ' match the filters' : ''}.</p>}
    </>
  );
}
