import { afterEach, describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    columns: 120,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress bar', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('draws rows, rows/s and an ETA on a terminal, and clears its line when done', async () => {
    delete process.env.CI;
    const stream = fakeStream(true);
    const bar = progressBar(stream)!;
    await new Promise((r) => setTimeout(r, 120));
    bar.update({ label: 'users', rows: 500, totalRows: 1000 });
    expect(stream.text).toMatch(/\[#{12}-{12}\] {2}50% 500\/1,000 rows {2}[\d,]+ rows\/s {2}ETA \d+s {2}users/);
    bar.done();
    expect(stream.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays quiet when stderr is not a terminal or CI is set', () => {
    delete process.env.CI;
    expect(progressBar(fakeStream(false))).toBeUndefined();
    process.env.CI = 'true';
    expect(progressBar(fakeStream(true))).toBeUndefined();
  });
});
