import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { FlashError } from '../../src/errors.js';
import { FakeDataSource } from './fake-data-source.js';
import { KEY, press, waitFor } from './keys.js';

afterEach(() => cleanup());

async function mount(source = new FakeDataSource()) {
  let exited = 0;
  const app = render(<FlashApp source={source} initial="branches" color={false} onExit={() => exited++} />);
  await waitFor(app.lastFrame, (f) => f.includes('feature') && f.includes('old'), 'branch list');
  return { ...app, source, exited: () => exited };
}

describe('branches screen', () => {
  it('lists branches with their state and marks the current one', async () => {
    const { lastFrame } = await mount();
    const frame = await waitFor(lastFrame, (f) => f.includes('needs migrations'), 'states');
    expect(frame).toMatch(/› \* main\s+in sync/);
    expect(frame).toMatch(/ {4}feature\s+needs migrations/);
    expect(frame).toMatch(/ {4}old\s+no db yet/);
    for (const help of ['Enter check out', 'n new branch', 'd delete', 'Esc back', 'q quit']) expect(frame).toContain(help);
  });

  it('Enter checks out the selected branch with a progress line, then shows the new current branch', async () => {
    const { lastFrame, stdin, source } = await mount();
    let open!: () => void;
    source.gate = new Promise((r) => (open = r));
    await press(stdin, KEY.down);
    await waitFor(lastFrame, (f) => f.includes('› feature') || f.includes('›   feature'), 'cursor on feature');
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('… git checkout feature'), 'progress line');
    open();
    const frame = await waitFor(lastFrame, (f) => f.includes('switched to feature') && /\* feature/.test(f), 'checked out');
    expect(frame).not.toMatch(/\* main/);
    expect(source.calls).toContain('checkout feature');
  });

  it('n opens a text input; typing + Enter creates the branch', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, 'n');
    await waitFor(lastFrame, (f) => f.includes('new branch:'), 'text input');
    await press(stdin, 'x', 'q', 'z', KEY.backspace, '-', '2');
    await waitFor(lastFrame, (f) => f.includes('new branch: xq-2'), 'typed name (q is text here, not quit)');
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('created xq-2') && /\* xq-2/.test(f), 'created');
    expect(source.calls).toContain('create xq-2');
  });

  it('Esc cancels the text input without creating anything', async () => {
    const { lastFrame, stdin, source, exited } = await mount();
    await press(stdin, 'n', 'a', 'b');
    await waitFor(lastFrame, (f) => f.includes('new branch: ab'), 'typed');
    await press(stdin, KEY.escape);
    const frame = await waitFor(lastFrame, (f) => f.includes('cancelled'), 'cancelled');
    expect(frame).not.toContain('new branch:');
    expect(source.calls.some((c) => c.startsWith('create'))).toBe(false);
    expect(exited()).toBe(0);
  });

  it('a refused action shows its error code and hint', async () => {
    const { lastFrame, stdin } = await mount();
    await press(stdin, 'n', 'm', 'a', 'i', 'n', KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('error[E_BRANCH_EXISTS]') && f.includes('Switch to it with'), 'error line');
  });

  it('d asks to drop the database (saying the git branch stays); n keeps it, y drops it', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, KEY.down);
    await waitFor(lastFrame, (f) => /›\s+feature/.test(f), 'cursor on feature');
    await press(stdin, 'd');
    let frame = await waitFor(lastFrame, (f) => f.includes('Drop the dev database of branch feature?'), 'confirmation');
    expect(frame).toContain('The git branch is kept');
    expect(frame).not.toContain('Delete branch');
    await press(stdin, 'n');
    await waitFor(lastFrame, (f) => f.includes('cancelled') && !f.includes('Drop the dev database'), 'kept');
    expect(source.calls).not.toContain('delete feature');
    await press(stdin, 'd');
    await waitFor(lastFrame, (f) => f.includes('Drop the dev database of branch feature'), 'asked again');
    await press(stdin, 'y');
    frame = await waitFor(lastFrame, (f) => f.includes('dropped the database of feature'), 'dropped');
    expect(frame).toMatch(/feature\s+no db yet/);
    expect(source.calls).toContain('delete feature');
  });

  it('refuses to delete the current branch without asking', async () => {
    const { lastFrame, stdin, source } = await mount();
    await press(stdin, 'd');
    await waitFor(lastFrame, (f) => f.includes('main is the current branch'), 'refusal');
    expect(lastFrame()).not.toContain('Drop the dev database');
    expect(source.calls.some((c) => c.startsWith('delete'))).toBe(false);
  });

  it('q quits; Esc goes back (quits when branches was the first screen)', async () => {
    const a = await mount();
    await press(a.stdin, 'q');
    expect(a.exited()).toBe(1);
    cleanup();
    const b = await mount();
    await press(b.stdin, KEY.escape);
    expect(b.exited()).toBe(1);
  });

  it('shows a failed checkout (dirty tree) and stays usable', async () => {
    const { lastFrame, stdin, source } = await mount();
    source.failNext.checkout = new FlashError(
      'E_DIRTY_TREE',
      'git refused to check out feature.',
      'Commit or stash your changes, then run the checkout again.',
    );
    await press(stdin, KEY.down, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('error[E_DIRTY_TREE]'), 'error');
    expect(lastFrame()).toMatch(/\* main/);
    expect(lastFrame()).toContain('Enter check out');
  });
});

describe('branches screen: data-losing checkout', () => {
  it('asks in a dialog; n stops with the data-loss error, y goes on', async () => {
    const { lastFrame, stdin, source } = await mount();
    source.lossyCheckout = true;
    await press(stdin, KEY.down, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('would lose data (drop column users.bio). Continue?'), 'question');
    expect(lastFrame()).toContain('y continue');
    await press(stdin, 'n');
    await waitFor(lastFrame, (f) => f.includes('error[E_DATA_LOSS]'), 'refused');
    expect(source.calls).not.toContain('confirmed data loss');
    await press(stdin, KEY.enter);
    await waitFor(lastFrame, (f) => f.includes('Continue?'), 'asked again');
    await press(stdin, 'y');
    await waitFor(lastFrame, (f) => f.includes('switched to feature') && /\* feature/.test(f), 'switched');
    expect(source.calls).toContain('confirmed data loss');
  });
});
