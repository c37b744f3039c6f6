import { useCallback, useEffect, useState } from 'react';
import { errorText, get, post } from '../api.js';

type Resolution = 'ours' | 'theirs' | 'both';

interface Conflict {
  code: string;
  kind: string;
  path: string;
  message: string;
  sides: Record<'base' | 'ours' | 'theirs', string>;
  resolutions: Resolution[];
  resolved?: Resolution;
  warning: boolean;
}

interface MergeView {
  merging?: string;
  conflicts: Conflict[];
  remaining: string[];
}

interface ResolveAnswer {
  remaining: string[];
  finished: boolean;
  migration?: string;
  committed: boolean;
  notes: string[];
}

const LABEL: Record<Resolution, string> = { ours: 'Keep ours', theirs: 'Keep theirs', both: 'Keep both' };
const SIDES = ['base', 'ours', 'theirs'] as const;

/**
 * A stopped `flash merge`: each conflict with its code and base / ours / theirs side by side; each
 * button records exactly what `flash resolve <path> --ours|--theirs|--both` records (same entry point).
 */
export function MergePage() {
  const [view, setView] = useState<MergeView>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    get<MergeView>('/merge')
      .then(setView)
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }));
  }, []);
  useEffect(load, [load]);

  const resolve = async (conflict: string, choice: Resolution) => {
    setBusy(true);
    try {
      const r = await post<ResolveAnswer>('/merge/resolve', { path: conflict, choice });
      setMessage({
        kind: 'ok',
        text: r.finished
          ? [
              `All conflicts resolved; wrote ${r.migration}.`,
              ...r.notes,
              r.committed ? 'Committed the merge.' : 'Then commit the merge with `git commit`.',
            ].join(' ')
          : `${conflict}: kept ${choice}; ${r.remaining.length} conflict(s) left.`,
      });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
      load();
    }
  };

  return (
    <section className="content">
      {message && (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      {view && !view.merging && (
        <p className="muted" data-merge="none">
          No merge in progress. When <code>flash merge &lt;branch&gt;</code> stops on conflicts, they are listed here.
        </p>
      )}
      {view?.merging && (
        <>
          <h3 data-merge={view.merging}>
            Merging {view.merging} — {view.remaining.length} open conflict(s)
          </h3>
          {view.conflicts.map((c) => (
            <div key={`${c.code} ${c.path}`} className="conflict" data-conflict={c.path} data-code={c.code}>
              <div className="toolbar">
                <span className={c.warning ? 'code-badge warning' : 'code-badge'}>{c.code}</span>
                <strong>{c.path}</strong>
                <span className="muted">{c.kind}</span>
                {c.resolved && <span className="state-applied">resolved: {c.resolved}</span>}
              </div>
              <div>{c.message}</div>
              <div className="sides">
                {SIDES.map((s) => (
                  <div key={s} className="side">
                    <div className="muted">{s}</div>
                    <pre className="code" aria-label={`${c.path} ${s}`}>
                      {c.sides[s]}
                    </pre>
                  </div>
                ))}
              </div>
              {c.resolutions.length > 0 && (
                <div className="toolbar">
                  {c.resolutions.map((r) => (
                    <button key={r} className="btn" disabled={busy} onClick={() => void resolve(c.path, r)}>
                      {LABEL[r]}
                    </button>
                  ))}
                </div>
              )}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
