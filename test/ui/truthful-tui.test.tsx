import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { formatDashboardText } from '../../ui/plain-dashboard.js';
import type { DashboardData, MigrationEntry } from '../../ui/data-source.js';
import { FakeDataSource } from './fake-data-source.js';
import { KEY, press, waitFor } from './keys.js';

afterEach(() => cleanup());

/** The database is down: the files are known, their state is not. */
class DatabaseDownSource extends FakeDataSource {
  override async listMigrations(): Promise<MigrationEntry[]> {
    return this.migrations.map((m) => ({ name: m.name, state: 'unknown' as const }));
  }
  override async loadDashboard(): Promise<DashboardData> {
    const data = await super.loadDashboard();
    const { applied: _unknown, ...rest } = data;
    return {
      ...rest,
      pending: [],
      modified: [],
      liveHash: undefined,
      drift: undefined,
      driftDetails: [],
      problems: ['database not read: connection refused'],
    };
  }
}

describe('with the database down, unknown reads as unknown', () => {
  it('migrations: the header does not count applied/pending, and a/D say why they cannot act', async () => {
    const source = new DatabaseDownSource();
    const app = render(<FlashApp source={source} initial="migrations" color={false} />);
    let frame = await waitFor(app.lastFrame, (f) => f.includes('20260103000000_add_index'), 'migration list');
    expect(frame).toMatch(/\? unknown\s+20260101000000_init/);
    expect(frame).toContain('3 on disk · applied/pending unknown (database not read)');
    expect(frame).not.toMatch(/\d+ applied · \d+ pending/);
    await press(app.stdin, 'a');
    frame = await waitFor(app.lastFrame, (f) => f.includes('could not be read'), 'apply refused');
    expect(frame).not.toContain('nothing to apply');
    await press(app.stdin, 'D');
    frame = await waitFor(app.lastFrame, (f) => f.includes('could not be read'), 'down refused');
    expect(frame).not.toContain('nothing to revert');
    expect(source.calls.filter((c) => c.startsWith('apply') || c.startsWith('down'))).toEqual([]);
  });

  it('dashboard and plain report: "migrations unknown", not "0 applied, 0 pending"', async () => {
    const source = new DatabaseDownSource();
    const app = render(<FlashApp source={source} initial="dashboard" color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('provider'), 'dashboard');
    expect(frame).toMatch(/migrations\s+unknown \(database not read\)/);
    expect(frame).not.toContain('0 applied');
    const plain = formatDashboardText(await source.loadDashboard());
    expect(plain).toMatch(/^migrations\s+unknown \(database not read\)$/m);
  });
});

describe('the dashboard fits the terminal', () => {
  for (const [columns, rows] of [
    [50, 12],
    [40, 8],
    [80, 16],
  ] as const) {
    it(`at ${columns}×${rows} the title and the key help stay on screen`, async () => {
      const source = new FakeDataSource();
      source.migrations = Array.from({ length: 30 }, (_, i) => ({
        name: `2026010${String(i).padStart(7, '0')}_m${i}`,
        state: 'pending' as const,
      }));
      const app = render(<FlashApp source={source} initial="dashboard" color={false} />);
      Object.defineProperty(app.stdout, 'columns', { get: () => columns, configurable: true });
      Object.defineProperty(app.stdout, 'rows', { get: () => rows, configurable: true });
      app.stdout.emit('resize');
      const frame = await waitFor(app.lastFrame, (f) => f.includes('project') && f.includes('more'), 'shortened dashboard');
      const lines = frame.split('\n');
      expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
      expect(lines[0]).toContain('Flash · dashboard');
      expect(frame).toContain('q/Esc quit');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    });
  }
});

describe('migration SQL viewer', () => {
  it('the title row names the migration and the sections, without a stray section marker', async () => {
    const app = render(<FlashApp source={new FakeDataSource()} initial="migrations" color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('20260103000000_add_index'), 'migration list');
    await press(app.stdin, KEY.down, KEY.enter);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('ALTER TABLE users ADD COLUMN bio'), 'up SQL');
    const title = frame.split('\n').find((l) => l.includes('20260102000000_add_bio [Up]'))!;
    expect(title).not.toContain('+migrate');
    expect(frame).not.toContain('-- +migrate Up');
  });
});

describe('branches', () => {
  it('after creating a branch the cursor lands on it', async () => {
    const source = new FakeDataSource();
    const app = render(<FlashApp source={source} initial="branches" color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('feature') && f.includes('old'), 'branch list');
    await press(app.stdin, 'n', 'z', 'z', KEY.enter);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('created zz') && /› \* zz/.test(f), 'cursor on the new branch');
    expect(frame).not.toMatch(/› {3}main|› \* main/);
  });
});
