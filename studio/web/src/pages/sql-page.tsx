import { useEffect, useState } from 'react';
import { StudioError, errorText, get, post, type GridValue, type TablesResult } from '../api.js';
import { PlanTree, type PlanNode } from '../plan-tree.js';
import { SqlEditor } from '../sql-editor.js';
import { cellClass, cellText } from '../cell.js';

interface StatementResult {
  sql: string;
  columns: string[];
  rows: GridValue[][];
  affected?: number;
  durationMs: number;
  truncated?: boolean;
}

/** Run SQL with a row limit and a server-side timeout; production databases run read-only unless writes are confirmed. */
export function SqlPage() {
  const [info, setInfo] = useState<TablesResult>();
  const [text, setText] = useState(() => sessionStorage.getItem('flash-studio-sql') ?? 'SELECT 1;');
  const [limit, setLimit] = useState(500);
  const [timeout, setTimeoutMs] = useState(10_000);
  const [allowWrites, setAllowWrites] = useState(false);
  const [results, setResults] = useState<StatementResult[]>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [analyze, setAnalyze] = useState(false);
  const [plan, setPlan] = useState<{ plan: PlanNode; analyzed: boolean }>();

  useEffect(() => {
    get<TablesResult>('/tables')
      .then(setInfo)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  const run = async () => {
    sessionStorage.setItem('flash-studio-sql', text);
    setRunning(true);
    setError(undefined);
    try {
      const r = await post<{ results: StatementResult[] }>('/sql', {
        sql: text,
        limit,
        ...(info?.sqlTimeout ? { timeoutMs: timeout } : {}),
        allowWrites: info?.production ? allowWrites : true,
      });
      setResults(r.results);
      setPlan(undefined);
    } catch (err) {
      setResults(undefined);
      setError(errorText(err));
    } finally {
      setRunning(false);
    }
  };

  // EXPLAIN of the editor's statement; ANALYZE of a statement that writes runs only after the user confirms (and is rolled back)
  const explain = async () => {
    sessionStorage.setItem('flash-studio-sql', text);
    setRunning(true);
    setError(undefined);
    const body = { sql: text, analyze, ...(info?.sqlTimeout ? { timeoutMs: timeout } : {}) };
    try {
      let r: { plan: PlanNode; analyzed: boolean };
      try {
        r = await post('/explain', body);
      } catch (err) {
        if (!(err instanceof StudioError) || err.error.code !== 'E_NEEDS_YES') throw err;
        if (!confirm(`${err.error.message}\n\nRun it anyway for EXPLAIN ANALYZE? (Its changes are rolled back.)`)) return;
        r = await post('/explain', { ...body, yes: true });
      }
      setPlan(r);
      setResults(undefined);
    } catch (err) {
      setPlan(undefined);
      setError(errorText(err));
    } finally {
      setRunning(false);
    }
  };

  if (!info) return <section className="content">{error ? <div className="message error">{error}</div> : 'Loading…'}</section>;
  return (
    <section className="content">
      <div className="muted">
        {info.database} · {info.provider}
        {info.production && (allowWrites ? ' · production, writes allowed' : ' · production: read-only')}
      </div>
      <SqlEditor value={text} provider={info.provider} onChange={setText} onRun={() => void run()} />
      <div className="toolbar">
        <button className="btn primary" onClick={() => void run()} disabled={running}>
          {running ? 'Running…' : 'Run (Ctrl-Enter)'}
        </button>
        <button className="btn" onClick={() => void explain()} disabled={running}>
          Explain
        </button>
        {info.explainAnalyze && (
          <label>
            <input type="checkbox" checked={analyze} onChange={(e) => setAnalyze(e.target.checked)} /> ANALYZE
          </label>
        )}
        <label>
          row limit <input type="number" value={limit} min={1} onChange={(e) => setLimit(Number(e.target.value))} style={{ width: 80 }} />
        </label>
        {info.sqlTimeout ? (
          <label>
            timeout ms{' '}
            <input
              type="number"
              aria-label="timeout ms"
              value={timeout}
              min={1}
              onChange={(e) => setTimeoutMs(Number(e.target.value))}
              style={{ width: 90 }}
            />
          </label>
        ) : (
          <span className="muted">no timeout on {info.provider}</span>
        )}
        {info.production && (
          <label>
            <input
              type="checkbox"
              checked={allowWrites}
              onChange={(e) => setAllowWrites(e.target.checked && confirm('Allow writes to the production database?'))}
            />{' '}
            allow writes
          </label>
        )}
      </div>
      {error && (
        <div className="message error" role="alert">
          {error}
        </div>
      )}
      {plan && (
        <div data-plan={plan.analyzed ? 'analyzed' : 'estimated'}>
          <div className="muted">{plan.analyzed ? 'EXPLAIN ANALYZE (the statement ran and was rolled back)' : 'EXPLAIN (estimates)'}</div>
          <PlanTree plan={plan.plan} />
        </div>
      )}
      {results?.map((r, n) => (
        <div key={n} data-result={n}>
          <div className="muted">
            {r.columns.length > 0
              ? `${r.rows.length} row(s)${r.truncated ? ` — truncated at ${limit}` : ''}`
              : `${r.affected ?? 0} row(s) affected`}{' '}
            · {r.durationMs} ms
          </div>
          {r.columns.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  {r.columns.map((c, i) => (
                    <th key={i}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((v, j) => (
                      <td key={j} className={cellClass(v)}>
                        {cellText(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
