import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { conflictedMerge } from '../ui/projects.js';
import { startStudioProcess, type StudioProcess } from './studio-process.js';

/** Debian's chromium; the test fails (never skips) without it: .ci/run installs it. */
const CHROMIUM = process.env.FLASH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'docs/studio');
const POLL = { timeout: 30_000, interval: 100 };

/** The studio's merge-conflicts page, EXPLAIN tree, PNG export and SQLite timeout in real Chromium: every step asserts what the page shows. */
describe('flash studio tools in Chromium', () => {
  const studios: StudioProcess[] = [];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (CI does), or set FLASH_TEST_CHROMIUM.`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('dialog', (d) => void d.accept());
  });

  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    for (const s of studios) expect(await s.stop()).toBe(0);
  });

  it('shows a stopped merge side by side and resolves it with Keep theirs, then says no merge is in progress', async () => {
    const dir = await conflictedMerge();
    const studio = await startStudioProcess(dir, {});
    studios.push(studio);
    await page.goto(`${studio.url}#/merge`);
    const conflict = page.locator('[data-code="C002"][data-conflict="users.email"]');
    await conflict.waitFor();
    expect(await page.locator('h3[data-merge="feature"]').textContent()).toContain('1 open conflict(s)');
    expect(await conflict.locator('.code-badge').textContent()).toBe('C002');
    expect(await conflict.getByLabel('users.email base').textContent()).toContain('"email" text');
    expect(await conflict.getByLabel('users.email ours').textContent()).toContain('"email" varchar(255)');
    expect(await conflict.getByLabel('users.email theirs').textContent()).toContain('"email" varchar(320) NOT NULL');
    expect(await page.locator('[data-code="W001"] button').count()).toBe(0); // a warning has nothing to choose
    expect(await conflict.getByRole('button').allTextContents()).toEqual(['Keep ours', 'Keep theirs']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge.png') });

    await conflict.getByRole('button', { name: 'Keep theirs' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toMatch(/All conflicts resolved; wrote \d+_merge_feature/);
    await expect.poll(() => page.locator('[data-merge="none"]').count(), POLL).toBe(1);
    expect(await page.locator('[data-merge="none"]').textContent()).toContain('No merge in progress');
  });
});
