import { useCallback, useEffect, useState } from 'react';
import { errorText, get, post } from '../api.js';
import { postConfirmingDataLoss } from '../confirm-retry.js';

interface MigrationStatus {
  name: string;
  state: string;
  appliedAt?: string;
  modifiedSinceLock: boolean;
}
interface StatusReport {
  database: string;
  migrations: MigrationStatus[];
  drift: Array<{ sign: string; kind: string; object: string }>;
}
interface Detail {
  name: string;
  up: string;
  down: string;
  lint: Array<{ code: string; severity: string; message: string }>;
}

/** Applied / pending / modified migrations, each one's Up, Down and lint; apply and down buttons. */
export function MigrationsPage() {
  const [report, setReport] = useState<StatusReport>();
  const [selected, setSelected] = useState<string>();
  const [detail, setDetail] = useState<Detail>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    get<StatusReport>('/migrations')
      .then((r) => {
        setReport(r);
        setSelected((s) => s ?? r.migrations.at(-1)?.name);
      })
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    if (!selected) return;
    get<Detail>(`/migrations/${encodeURIComponent(selected)}`)
      .then(setDetail)
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }));
  }, [selected]);

  const act = async (what: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const text = await what();
      if (text) setMessage({ kind: 'ok', text });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
      load();
    }
  };
  const apply = () =>
    act(async () => {
      const r = await post<{ applied: string[] }>('/migrations/apply', {});
      return r.applied.length ? `Applied ${r.applied.join(', ')}.` : 'Nothing to apply.';
    });
  const revert = () =>
    act(async () => {
      if (!confirm('Revert the last applied migration with its Down section?')) return undefined;
      const r = await postConfirmingDataLoss<{ reverted: string[] }>('/migrations/down', { steps: 1 });
      return r ? `Reverted ${r.reverted.join(', ')}.` : 'Nothing was reverted.';
    });

  const pending = report?.migrations.filter((m) => m.state === 'pending').length ?? 0;
  const applied = report?.migrations.filter((m) => m.state === 'applied').length ?? 0;
  return (
    <>
      <aside className="sidebar" aria-label="migrations">
        {report?.migrations.map((m) => (
          <button key={m.name} className={m.name === selected ? 'active' : ''} onClick={() => setSelected(m.name)} data-migration={m.name}>
            <span>{m.name}</span>
            <span className={`count state-${m.state}`}>{m.state}</span>
          </button>
        ))}
        {report?.migrations.length === 0 && <p className="muted">No migrations yet (flash migrate).</p>}
      </aside>
      <section className="content">
        {report && (
          <div className="toolbar">
            <span className="muted">{report.database}</span>
            <strong>
              {applied} applied · {pending} pending
            </strong>
            <button className="btn primary" disabled={busy || pending === 0} onClick={() => void apply()}>
              Apply pending
            </button>
            <button className="btn danger" disabled={busy || applied === 0} onClick={() => void revert()}>
              Down (last)
            </button>
            {report.drift.length > 0 && (
              <span className="message error">drift: {report.drift.map((d) => `${d.sign} ${d.kind} ${d.object}`).join(', ')}</span>
            )}
          </div>
        )}
        {message && (
          <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </div>
        )}
        {detail && (
          <>
            <h3>{detail.name}</h3>
            {detail.lint.length > 0 && (
              <ul aria-label="lint findings">
                {detail.lint.map((f, i) => (
                  <li key={i} className={`lint-${f.severity}`}>
                    {f.severity}[{f.code}] {f.message}
                  </li>
                ))}
              </ul>
            )}
            <h4>Up</h4>
            <pre className="code" aria-label="up">
              <SqlText text={detail.up} />
            </pre>
            <h4>Down</h4>
            <pre className="code" aria-label="down">
              <SqlText text={detail.down} />
            </pre>
          </>
        )}
      </section>
    </>
  );
}

const KEYWORDS =
  /\b(CREATE|TABLE|ALTER|DROP|ADD|COLUMN|INDEX|UNIQUE|PRIMARY|KEY|FOREIGN|REFERENCES|NOT|NULL|DEFAULT|CONSTRAINT|ON|DELETE|UPDATE|INSERT|INTO|VALUES|SET|TYPE|IF|EXISTS|CASCADE|CHECK|RENAME|TO|VIEW|AS|SELECT|FROM|WHERE|BEGIN|COMMIT)\b/g;

/** Read-only SQL with keywords and comments coloured (the editor is for the SQL page; this is a view). */
function SqlText({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, i) => {
        if (/^\s*--/.test(line))
          return (
            <div key={i} className="sql-comment">
              {line}
            </div>
          );
        const parts = line.split(KEYWORDS);
        return (
          <div key={i}>
            {parts.map((p, j) =>
              j % 2 === 1 ? (
                <span key={j} className="sql-keyword">
                  {p}
                </span>
              ) : (
                p
              ),
            )}
          </div>
        );
      })}
    </>
  );
}
