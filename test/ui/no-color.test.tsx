import { afterEach, describe, expect, it } from 'vitest';
import { FakeDataSource } from './fake-data-source.js';
import { waitFor } from './keys.js';

// Force the colour library on, as on a colour terminal, so that only the app's own switch decides.
process.env.FORCE_COLOR = '3';
const { render, cleanup } = await import('ink-testing-library');
const { FlashApp } = await import('../../ui/app.js');

afterEach(() => cleanup());

const ESC = '\u001B[';

describe('NO_COLOR', () => {
  for (const initial of ['dashboard', 'migrations', 'conflicts', 'branches'] as const) {
    it(`${initial}: colours when enabled, none at all when disabled`, async () => {
      const colored = render(<FlashApp source={new FakeDataSource()} initial={initial} color={true} />);
      await waitFor(colored.lastFrame, (f) => f.includes('q'), 'frame', 3000);
      await waitFor(colored.lastFrame, (f) => !f.includes('loading'), 'loaded', 3000);
      expect(colored.lastFrame()).toContain(ESC);
      colored.unmount();
      const plain = render(<FlashApp source={new FakeDataSource()} initial={initial} color={false} />);
      await waitFor(plain.lastFrame, (f) => !f.includes('loading') && f.includes('q'), 'loaded', 3000);
      expect(plain.lastFrame()).not.toContain(ESC);
    });
  }
});
