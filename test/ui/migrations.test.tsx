import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { FakeDataSource } from './fake-data-source.js';
import { KEY, press, waitFor } from './keys.js';

afterEach(() => cleanup());

async function mount(source = new FakeDataSource()) {
  let exited = 0;
  const app = render(<FlashApp source={source} initial="migrations" color={false} onExit={() => exited++} />);
  await waitFor(app.lastFrame, (f) => f.includes('20260103000000_add_index'), 'migration list');
  return { ...app, source, exited: () => exited };
}

describe('migrations screen', () => {
  it('lists applied and pending migrations', async () => {
    const { lastFrame } = await mount();
    const frame = lastFrame()!;
    expect(frame).toMatch(/✓ applied\s+20260101000000_init/);
    expect(frame).toMatch(/• pending\s+20260102000000_add_bio/);
    expect(frame).toContain('1 applied · 2 pending');
    for (const help of ['Enter show SQL', 'a apply pending', 'D down 1', 's schema diff']) expect(frame).toContain(help);
  });

  it('Enter shows the Up SQL and lint findings; Tab switches to Down; Esc returns to the list', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, KEY.down, KEY.enter);
    let frame = await waitFor(lastFrame, (f) => f.includes('ALTER TABLE users ADD COLUMN bio'), 'up SQL');
    expect(frame).toContain('20260102000000_add_bio [Up]');
    expect(frame).toContain("DEFAULT 'none'");
    expect(frame).toContain('warning L010 users.bio: Down drops column users.bio (data loss)');
    expect(source.calls).toContain('detail 20260102000000_add_bio');
    await press(stdin, KEY.down);
    frame = await waitFor(lastFrame, (f) => f.includes('↑ 1 lines above'), 'scrolled');
    expect(frame).not.toContain('-- add the bio column');
    await press(stdin, KEY.tab);
    frame = await waitFor(lastFrame, (f) => f.includes('[Down]'), 'down section');
    expect(frame).toContain('ALTER TABLE users DROP COLUMN bio;');
    expect(frame).not.toContain('ADD COLUMN');
    await press(stdin, KEY.escape);
    await waitFor(lastFrame, (f) => f.includes('a apply pending') && !f.includes('[Down]'), 'back to list');
  });

  it('a applies pending migrations with a progress bar', async () => {
    const { lastFrame, stdin, source } = await mount();
    let open!: () => void;
    source.gate = new Promise((r) => (open = r));
    await press(stdin, 'a');
    const frame = await waitFor(lastFrame, (f) => f.includes('0/2 applying 20260102000000_add_bio'), 'progress bar');
    expect(frame).toMatch(/\[░{20}\] 0\/2/);
    open();
    await waitFor(lastFrame, (f) => f.includes('applied 2 migrations') && f.includes('3 applied · 0 pending'), 'applied');
    expect(source.calls).toContain('apply');
  });

  it('D asks for confirmation: n cancels, y runs down 1', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, 'D');
    await waitFor(lastFrame, (f) => f.includes('Revert 20260101000000_init?'), 'confirmation');
    await press(stdin, 'n');
    await waitFor(lastFrame, (f) => f.includes('cancelled') && !f.includes('Revert'), 'cancelled');
    expect(source.calls.some((c) => c.startsWith('down'))).toBe(false);
    await press(stdin, 'D');
    await waitFor(lastFrame, (f) => f.includes('Revert 20260101000000_init?'), 'asked again');
    await press(stdin, 'y');
    await waitFor(lastFrame, (f) => f.includes('reverted 20260101000000_init') && f.includes('0 applied · 3 pending'), 'reverted');
    expect(source.calls).toContain('down 1');
  });

  it('D with nothing applied says so without asking', async () => {
    const source = new FakeDataSource();
    source.migrations = source.migrations.map((m) => ({ ...m, state: 'pending' as const }));
    const { lastFrame, stdin } = await mount(source);
    await press(stdin, 'D');
    await waitFor(lastFrame, (f) => f.includes('nothing to revert'), 'nothing to revert');
    expect(lastFrame()).not.toContain('Revert');
  });

  it('s opens the schema diff and Esc comes back; q quits', async () => {
    const { lastFrame, stdin, exited } = await mount();
    await press(stdin, 's');
    await waitFor(lastFrame, (f) => f.includes('Compare from:') && f.includes('branch feature'), 'diff picker');
    await press(stdin, KEY.escape);
    await waitFor(lastFrame, (f) => f.includes('a apply pending'), 'back to migrations');
    await press(stdin, 'q');
    expect(exited()).toBe(1);
  });
});

describe('schema diff screen', () => {
  async function mountDiff() {
    const source = new FakeDataSource();
    const app = render(<FlashApp source={source} initial="diff" color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('db/schema (working)'), 'targets');
    return { ...app, source };
  }

  it('picks two targets and shows a +/−/~ tree of tables, columns and indexes', async () => {
    const { lastFrame, stdin, source } = await mountDiff();
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('Compare branch main to:'), 'pick to');
    await press(stdin, KEY.down, KEY.enter);
    const frame = await waitFor(lastFrame, (f) => f.includes('table users'), 'tree');
    expect(source.calls).toContain('diff main feature');
    expect(frame).toContain('branch main → branch feature');
    expect(frame).toMatch(/~ table users\n\s+\+ column bio \(text\)\n\s+\+ index users_bio \(bio\)/);
    expect(frame).toMatch(/\+ table posts \(\d+ columns\)\n\s+\+ column id \(integer not null\)/);
    expect(frame).toMatch(/− table legacy\n/);
  });

  it('Tab shows the line-level SQL diff', async () => {
    const { lastFrame, stdin } = await mountDiff();
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('Compare branch main to:'), 'pick to');
    await press(stdin, KEY.down, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('table users'), 'tree');
    await press(stdin, KEY.tab);
    const frame = await waitFor(lastFrame, (f) => f.includes('+   bio text'), 'sql diff');
    expect(frame).toContain('-   id integer NOT NULL');
    expect(frame).toContain('+   id integer NOT NULL,');
    expect(frame).toContain('- CREATE TABLE legacy (');
    expect(frame).toContain('+ CREATE TABLE posts (');
    await press(stdin, KEY.escape);
    await waitFor(lastFrame, (f) => f.includes('Compare branch main to:'), 'back to pick');
  });
});
