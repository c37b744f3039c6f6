import { useCallback, useEffect, useState } from 'react';
import { errorText, get, post } from '../api.js';
import { postConfirmingDataLoss } from '../confirm-retry.js';

interface Branch {
  branch: string;
  current: boolean;
  database: string | null;
  expected: string;
  recorded: string | null;
  state: string;
}
interface BranchDiff {
  changes: Array<{ sign: string; kind: string; object: string; detail?: string }>;
  up: string[];
}

const SIGN_CLASS: Record<string, string> = { '+': 'diff-add', '-': 'diff-remove', '~': 'diff-change', '>': 'diff-change' };

/** Every git branch with its database and state; switch, create, delete; the schema diff between two branches. */
export function BranchesPage() {
  const [branches, setBranches] = useState<Branch[]>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const [newName, setNewName] = useState('');
  const [pair, setPair] = useState<{ a: string; b: string }>({ a: '', b: '' });
  const [diff, setDiff] = useState<BranchDiff>();

  const load = useCallback(() => {
    get<Branch[]>('/branches')
      .then((list) => {
        setBranches(list);
        setPair((p) => (p.a ? p : { a: list.find((b) => b.current)?.branch ?? '', b: list.find((b) => !b.current)?.branch ?? '' }));
      })
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorText(err) }));
  }, []);
  useEffect(load, [load]);

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
  const switchTo = (branch: string) =>
    act(async () =>
      (await postConfirmingDataLoss('/branches/checkout', { branch })) ? `Switched to ${branch}.` : 'Stayed on the current branch.',
    );
  const create = () =>
    act(async () => {
      await post('/branches/create', { name: newName });
      setNewName('');
      return `Created ${newName} with a copy of the database, and switched to it.`;
    });
  const remove = (branch: string) =>
    act(async () => {
      if (!confirm(`Drop the database of branch ${branch}? (The git branch is kept.)`)) return undefined;
      await post('/branches/delete', { name: branch, yes: true });
      return `Dropped the database of ${branch}.`;
    });
  const compare = () =>
    act(async () => {
      setDiff(await get<BranchDiff>(`/branches/diff?a=${encodeURIComponent(pair.a)}&b=${encodeURIComponent(pair.b)}`));
      return undefined;
    });

  const names = branches?.map((b) => b.branch) ?? [];
  return (
    <section className="content">
      {message && (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <table className="grid" aria-label="branches">
        <thead>
          <tr>
            <th>branch</th>
            <th>database</th>
            <th>state</th>
            <th>expected</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {branches?.map((b) => (
            <tr key={b.branch} data-branch={b.branch}>
              <td>
                {b.current ? '● ' : ''}
                {b.branch}
              </td>
              <td>{b.database ?? <span className="muted">none yet</span>}</td>
              <td>{b.state}</td>
              <td className="muted">{b.expected.slice(0, 12)}</td>
              <td>
                <button className="btn" disabled={busy || b.current} onClick={() => void switchTo(b.branch)}>
                  Switch
                </button>{' '}
                <button className="btn danger" disabled={busy || b.current || !b.database} onClick={() => void remove(b.branch)}>
                  Delete DB
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <input aria-label="new branch name" placeholder="new-branch" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button className="btn primary" disabled={busy || !newName} onClick={() => void create()}>
          Create branch
        </button>
      </div>
      <div className="toolbar">
        <strong>Diff</strong>
        <select aria-label="from branch" value={pair.a} onChange={(e) => setPair({ ...pair, a: e.target.value })}>
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        →
        <select aria-label="to branch" value={pair.b} onChange={(e) => setPair({ ...pair, b: e.target.value })}>
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <button className="btn" disabled={busy || !pair.a || !pair.b} onClick={() => void compare()}>
          Compare
        </button>
      </div>
      {diff && (
        <div aria-label="branch diff">
          {diff.changes.length === 0 ? (
            <p className="muted">Same schema.</p>
          ) : (
            <ul>
              {diff.changes.map((c, i) => (
                <li key={i} className={SIGN_CLASS[c.sign]}>
                  {c.sign} {c.kind} {c.object}
                  {c.detail ? ` (${c.detail})` : ''}
                </li>
              ))}
            </ul>
          )}
          {diff.up.length > 0 && <pre className="code">{diff.up.join(';\n') + ';'}</pre>}
        </div>
      )}
    </section>
  );
}
