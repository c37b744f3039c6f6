import { useState } from 'react';
import { errorText, post } from '../api.js';

type Kind = 'column' | 'table' | 'index';

interface ColumnRow {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  default: string;
}

interface Preview {
  file: string;
  created: boolean;
  diff: string;
  beforeHash: string;
}

interface Applied extends Preview {
  migration: { written: boolean; name?: string; up: string[]; notes: string[] };
}

/** A unified-diff line's colour: file headers and hunks muted, additions and removals coloured. */
function diffClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')) return 'muted';
  return line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-remove' : '';
}

const emptyColumn = (): ColumnRow => ({ name: '', type: '', nullable: true, primaryKey: false, default: '' });

/**
 * Add a table, a column or an index with a form: the page first shows the change to the db/schema SQL
 * file, and only "Write and migrate" writes it and runs `flash migrate` (the same entry point).
 */
export function SchemaEditPage() {
  const [kind, setKind] = useState<Kind>('column');
  const [table, setTable] = useState('');
  const [columns, setColumns] = useState<ColumnRow[]>([emptyColumn()]);
  const [indexName, setIndexName] = useState('');
  const [indexColumns, setIndexColumns] = useState('');
  const [unique, setUnique] = useState(false);
  const [preview, setPreview] = useState<Preview>();
  const [applied, setApplied] = useState<Applied>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const spec = (c: ColumnRow) => ({
    name: c.name.trim(),
    type: c.type.trim(),
    nullable: c.nullable,
    primaryKey: c.primaryKey,
    ...(c.default.trim() ? { default: c.default.trim() } : {}),
  });
  const edit = () => {
    if (kind === 'table') return { kind, table: table.trim(), columns: columns.map(spec) };
    if (kind === 'column') return { kind, table: table.trim(), column: spec(columns[0]) };
    return {
      kind,
      table: table.trim(),
      name: indexName.trim(),
      columns: indexColumns
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      unique,
    };
  };
  // any change to the form invalidates the preview: only what was shown can be written
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPreview(undefined);
    };
  const setColumn = (i: number, patch: Partial<ColumnRow>) =>
    changed(setColumns)(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await work();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const showChange = () =>
    act(async () => {
      setApplied(undefined);
      setPreview(await post<Preview>('/schema/preview', { edit: edit() }));
    });
  const write = () =>
    act(async () => {
      const r = await post<Applied>('/schema/apply', { edit: edit(), beforeHash: preview!.beforeHash });
      setPreview(undefined);
      setApplied(r);
      setMessage({
        kind: 'ok',
        text: `Wrote ${r.file}; ${r.migration.written ? `migration ${r.migration.name} generated (apply it on the Migrations page).` : 'flash migrate found no change.'}`,
      });
    });

  const rows = kind === 'column' ? columns.slice(0, 1) : columns;
  return (
    <section className="content">
      <div className="toolbar">
        <strong>Add</strong>
        <select aria-label="change" value={kind} onChange={(e) => changed(setKind)(e.target.value as Kind)}>
          <option value="column">a column</option>
          <option value="table">a table</option>
          <option value="index">an index</option>
        </select>
        <input aria-label="table" placeholder="table" value={table} onChange={(e) => changed(setTable)(e.target.value)} />
      </div>
      {kind !== 'index' ? (
        <table className="grid" aria-label="columns">
          <thead>
            <tr>
              <th>column</th>
              <th>type</th>
              <th>NOT NULL</th>
              {kind === 'table' && <th>primary key</th>}
              <th>default</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              <tr key={i}>
                <td>
                  <input aria-label={`column ${i + 1} name`} value={c.name} onChange={(e) => setColumn(i, { name: e.target.value })} />
                </td>
                <td>
                  <input
                    aria-label={`column ${i + 1} type`}
                    placeholder="varchar(100)"
                    value={c.type}
                    onChange={(e) => setColumn(i, { type: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`column ${i + 1} not null`}
                    checked={!c.nullable}
                    onChange={(e) => setColumn(i, { nullable: !e.target.checked })}
                  />
                </td>
                {kind === 'table' && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`column ${i + 1} primary key`}
                      checked={c.primaryKey}
                      onChange={(e) => setColumn(i, { primaryKey: e.target.checked })}
                    />
                  </td>
                )}
                <td>
                  <input
                    aria-label={`column ${i + 1} default`}
                    value={c.default}
                    onChange={(e) => setColumn(i, { default: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="toolbar">
          <input
            aria-label="index name"
            placeholder="index name"
            value={indexName}
            onChange={(e) => changed(setIndexName)(e.target.value)}
          />
          <input
            aria-label="index columns"
            placeholder="col_a, col_b"
            value={indexColumns}
            onChange={(e) => changed(setIndexColumns)(e.target.value)}
          />
          <label>
            <input type="checkbox" checked={unique} onChange={(e) => changed(setUnique)(e.target.checked)} /> unique
          </label>
        </div>
      )}
      <div className="toolbar">
        {kind === 'table' && (
          <button className="btn" disabled={busy} onClick={() => changed(setColumns)([...columns, emptyColumn()])}>
            + column
          </button>
        )}
        <button className="btn" disabled={busy} onClick={() => void showChange()}>
          Show change
        </button>
        <button className="btn primary" disabled={busy || !preview} onClick={() => void write()}>
          Write and migrate
        </button>
      </div>
      {message && (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      {preview && (
        <div>
          <div className="muted">
            {preview.created ? 'New file' : 'Change to'} {preview.file} — nothing is written until “Write and migrate”
          </div>
          <pre className="code" aria-label="schema file change">
            {preview.diff
              .split('\n')
              .filter((line) => !/^=+$/.test(line))
              .map((line, i) => (
                <div key={i} className={diffClass(line)}>
                  {line || ' '}
                </div>
              ))}
          </pre>
        </div>
      )}
      {applied?.migration.written && (
        <pre className="code" aria-label="migration up">
          {applied.migration.up.join('\n')}
        </pre>
      )}
    </section>
  );
}
