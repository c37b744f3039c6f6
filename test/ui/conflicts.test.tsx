import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { FlashError } from '../../src/errors.js';
import { FakeDataSource } from './fake-data-source.js';
import { KEY, press, waitFor } from './keys.js';

afterEach(() => cleanup());

async function mount(source = new FakeDataSource(), columns?: number) {
  let exited = 0;
  const app = render(<FlashApp source={source} initial="conflicts" color={false} onExit={() => exited++} />);
  if (columns) {
    Object.defineProperty(app.stdout, 'columns', { get: () => columns, configurable: true });
    app.stdout.emit('resize');
  }
  await waitFor(app.lastFrame, (f) => f.includes('Conflict 1/3'), 'first conflict');
  return { ...app, source, exited: () => exited };
}

describe('conflicts screen', () => {
  it('shows base / ours / theirs side by side with the allowed choices', async () => {
    const { lastFrame } = await mount(undefined, 120);
    const frame = await waitFor(lastFrame, (f) => f.includes('theirs'), 'sides');
    expect(frame).toContain('merging feature');
    expect(frame).toContain('C002 both-modified-different at users.email');
    const sidesRow = frame.split('\n').find((l) => l.includes('base') && l.includes('ours (HEAD)') && l.includes('theirs'));
    expect(sidesRow, 'the three sides share one row').toBeDefined();
    const valuesRow = frame
      .split('\n')
      .find((l) => l.includes('email text') && l.includes('email varchar(255)') && l.includes('email varchar(320) not null'));
    expect(valuesRow, 'values side by side').toBeDefined();
    expect(frame).toContain('o keep ours');
    expect(frame).toContain('t keep theirs');
    expect(frame).not.toContain('b keep both');
  });

  it('walks every conflict: choosing writes through the data source, warnings are acknowledged, summary at the end', async () => {
    const { lastFrame, stdin, source, exited } = await mount(undefined, 150);
    await press(stdin, 'b');
    await new Promise((r) => setTimeout(r, 50));
    expect(source.resolved, '"both" is not offered for this conflict').toEqual([]);
    await press(stdin, 't');
    let frame = await waitFor(lastFrame, (f) => f.includes('Conflict 2/3'), 'second');
    expect(frame).toContain('W001 constraint-vs-data at users.name');
    expect(frame).toContain('warning only: nothing to choose');
    expect(frame).toContain('Enter acknowledge');
    await press(stdin, 'o');
    expect(source.resolved).toEqual([['users.email', 'theirs']]);
    await press(stdin, KEY.enter);
    frame = await waitFor(lastFrame, (f) => f.includes('Conflict 3/3'), 'third');
    expect(frame).toContain('b keep both');
    expect(frame).toContain('index by_title (title, created_at)');
    expect(frame).toContain('(absent)');
    await press(stdin, 'b');
    frame = await waitFor(lastFrame, (f) => f.includes('Summary'), 'summary');
    expect(source.resolved).toEqual([
      ['users.email', 'theirs'],
      ['posts#index:by_title', 'both'],
    ]);
    expect(frame).toContain('Summary: 2 of 2 conflicts resolved');
    expect(frame).toMatch(/kept theirs\s+C002 users\.email/);
    expect(frame).toMatch(/warning\s+W001 users\.name/);
    expect(frame).toMatch(/kept both\s+C001 posts#index:by_title/);
    expect(frame).toContain('All conflicts are resolved');
    await press(stdin, 'q');
    expect(exited()).toBe(1);
  });

  it('navigates with ←/→ and shows unresolved conflicts in the summary', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, KEY.right);
    await waitFor(lastFrame, (f) => f.includes('Conflict 2/3'), 'next');
    await press(stdin, KEY.left);
    await waitFor(lastFrame, (f) => f.includes('Conflict 1/3'), 'previous');
    await press(stdin, 's');
    const frame = await waitFor(lastFrame, (f) => f.includes('Summary'), 'summary');
    expect(frame).toContain('Summary: 0 of 2 conflicts resolved');
    expect(frame).toMatch(/unresolved\s+C002 users\.email/);
    expect(source.resolved).toEqual([]);
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('Conflict 1/3'), 'review again');
  });

  it('a refused resolution is shown and the conflict stays open', async () => {
    const source = new FakeDataSource();
    source.failNext.resolve = new FlashError('E_CONFLICT', 'users.email cannot take theirs: a view depends on it.', 'Pick ours.');
    const { lastFrame, stdin } = await mount(source);
    await press(stdin, 't');
    const frame = await waitFor(lastFrame, (f) => f.includes('error[E_CONFLICT]'), 'error');
    expect(frame).toContain('Conflict 1/3');
    await press(stdin, 'o');
    await waitFor(lastFrame, (f) => f.includes('Conflict 2/3'), 'moved on after ours');
    expect(source.resolved).toEqual([['users.email', 'ours']]);
  });

  it('stacks the sides on a narrow terminal', async () => {
    const { lastFrame } = await mount(undefined, 60);
    const frame = await waitFor(lastFrame, (f) => f.includes('theirs'), 'sides');
    expect(frame.split('\n').some((l) => l.includes('base') && l.includes('theirs'))).toBe(false);
    expect(frame).toContain('email varchar(320) not null');
  });

  it('says so when there is nothing to resolve; Esc quits from the first screen', async () => {
    const source = new FakeDataSource();
    source.conflictSet = { items: [] };
    let exited = 0;
    const { lastFrame, stdin } = render(<FlashApp source={source} initial="conflicts" color={false} onExit={() => exited++} />);
    await waitFor(lastFrame, (f) => f.includes('No merge conflicts to resolve.'), 'empty');
    await press(stdin, KEY.escape);
    expect(exited).toBe(1);
  });
});
