import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { formatDashboardText } from '../../ui/plain-dashboard.js';
import { FakeDataSource } from './fake-data-source.js';
import { KEY, press, stripAnsi, waitFor } from './keys.js';

afterEach(() => cleanup());

function mount(source = new FakeDataSource()) {
  let exited = 0;
  const app = render(<FlashApp source={source} initial="dashboard" color={false} onExit={() => exited++} />);
  return { ...app, source, exited: () => exited };
}

describe('dashboard screen', () => {
  it('shows project, provider, branch, database, hashes, migrations, drift, lint and the key help', async () => {
    const { lastFrame } = mount();
    const frame = await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    expect(frame).toMatch(/project\s+\/tmp\/shop/);
    expect(frame).toMatch(/provider\s+sqlite/);
    expect(frame).toMatch(/branch\s+main/);
    expect(frame).toMatch(/database\s+file:\.\/dev\.db/);
    expect(frame).toMatch(/expected\s+aaaaaaaaaaaa/);
    expect(frame).toMatch(/live\s+cccccccccccc \(differs\)/);
    expect(frame).toMatch(/migrations\s+1 applied, 2 pending, 0 modified/);
    expect(frame).toMatch(/drift\s+yes \(1 change\)/);
    expect(frame).toContain('20260102000000_add_bio');
    expect(frame).toContain('warning L001 users.legacy: drops column users.legacy (data loss)');
    for (const help of ['b branches', 'm migrations', 's schema diff', 'c conflicts', 'q/Esc quit']) expect(frame).toContain(help);
  });

  it('draws the same facts as the plain (non-TTY) report', async () => {
    const source = new FakeDataSource();
    const { lastFrame } = mount(source);
    const frame = await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    const plain = formatDashboardText(await source.loadDashboard());
    for (const line of plain.split('\n').filter((l) => /^\w/.test(l) && !l.endsWith(':') && l !== 'Flash dashboard')) {
      expect(frame).toContain(line.trim());
    }
  });

  it('q quits', async () => {
    const { lastFrame, stdin, exited } = mount();
    await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    await press(stdin, 'q');
    expect(exited()).toBe(1);
  });

  it('Esc quits', async () => {
    const { lastFrame, stdin, exited } = mount();
    await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    await press(stdin, KEY.escape);
    expect(exited()).toBe(1);
  });

  it('navigates to branches and back with Esc without quitting', async () => {
    const { lastFrame, stdin, exited } = mount();
    await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    await press(stdin, 'b');
    await waitFor(lastFrame, (f) => f.includes('Flash · branches') && f.includes('feature'), 'branches screen');
    await press(stdin, KEY.escape);
    await waitFor(lastFrame, (f) => f.includes('Flash · dashboard') && f.includes('provider'), 'back on dashboard');
    expect(exited()).toBe(0);
  });

  it('re-lays out on resize: lists move beside the facts on a wide terminal', async () => {
    const { lastFrame, stdout } = mount();
    let frame = await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    expect(frame.split('\n').some((l) => l.includes('project') && l.includes('pending:'))).toBe(false);
    Object.defineProperty(stdout, 'columns', { get: () => 150, configurable: true });
    stdout.emit('resize');
    frame = await waitFor(lastFrame, (f) => f.split('\n').some((l) => l.includes('project') && l.includes('pending:')), 'wide layout');
    expect(frame).toContain('q/Esc quit');
  });

  it('r reloads the data', async () => {
    const { lastFrame, stdin, source } = mount();
    await waitFor(lastFrame, (f) => f.includes('provider'), 'dashboard');
    source.migrations[1].state = 'applied';
    await press(stdin, 'r');
    await waitFor(lastFrame, (f) => /migrations\s+2 applied, 1 pending/.test(f), 'reloaded counts');
    expect(source.calls.filter((c) => c === 'loadDashboard')).toHaveLength(2);
  });
});

describe('plain dashboard', () => {
  it('is plain text with every fact and no escape codes', async () => {
    const text = formatDashboardText(await new FakeDataSource().loadDashboard());
    expect(text).toBe(stripAnsi(text));
    expect(text).toContain('Flash dashboard');
    expect(text).toMatch(/^branch\s+main$/m);
    expect(text).toMatch(/^pending:\n {2}20260102000000_add_bio\n {2}20260103000000_add_index$/m);
  });
});

describe('dashboard on a short terminal', () => {
  it('shortens long lists so the key help stays visible', async () => {
    const source = new FakeDataSource();
    source.migrations = Array.from({ length: 40 }, (_, i) => ({
      name: `2026010${String(i).padStart(7, '0')}_m${i}`,
      state: 'pending' as const,
    }));
    const app = render(<FlashApp source={source} initial="dashboard" color={false} />);
    Object.defineProperty(app.stdout, 'rows', { get: () => 30, configurable: true });
    app.stdout.emit('resize');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('more') && f.includes('provider'), 'shortened list');
    expect(frame.split('\n').length).toBeLessThanOrEqual(30);
    expect(frame).toContain('q/Esc quit');
    expect(frame).toMatch(/… \d+ more/);
  });
});
