import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { postgresEngine } from '../e2e/lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { conflictedMerge } from '../ui/projects.js';
import { startStudioProcess, type StudioProcess } from './studio-process.js';

/** Debian's chromium; the test fails (never skips) without it: .ci/run installs it. */
const CHROMIUM = process.env.FLASH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'docs/studio');
const POLL = { timeout: 30_000, interval: 100 };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const SCHEMA = `
CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(100) NOT NULL
);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), title text NOT NULL);
CREATE INDEX posts_user_id_idx ON posts (user_id);
`;

/** The studio's merge-conflicts page, EXPLAIN tree, PNG export and SQLite timeout in real Chromium: every step asserts what the page shows. */
describe('flash studio tools in Chromium', () => {
  const studios: StudioProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let pg: { p: EngineProject; studio: StudioProcess } | undefined;
  /** a PostgreSQL project with two related tables, and its studio, made once for the steps that need one */
  const postgresStudio = async () => {
    if (pg) return pg;
    const p = await newEngineProject(postgresEngine, cleanups);
    p.write('db/schema/app.sql', SCHEMA);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO users VALUES (1, 'ada@example.com'), (2, 'grace@example.com')`);
    await p.sql(`INSERT INTO posts VALUES (1, 1, 'Notes on the engine'), (2, 2, 'Compilers')`);
    const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    studios.push(studio);
    pg = { p, studio };
    return pg;
  };
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
    for (const c of cleanups) await c();
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

  it('stops a runaway SQLite query at the SQL page timeout, and the next query runs', async () => {
    const studio = studios[0];
    await page.goto(`${studio.url}#/sql`);
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c');
    await page.getByLabel('timeout ms').fill('500');
    const t0 = Date.now();
    await page.getByRole('button', { name: /Run/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('E_SQL_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(10_000);
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('SELECT count(*) AS n FROM users');
    await page.getByRole('button', { name: /Run/ }).click();
    await page.locator('[data-result="0"] table.grid').waitFor();
    expect(await page.locator('[data-result="0"] tbody td').allTextContents()).toEqual(['0']);
  });

  it('shows EXPLAIN ANALYZE as a tree on PostgreSQL; a write is analyzed only after confirming, and rolled back', async () => {
    const { p, studio } = await postgresStudio();
    await page.goto(`${studio.url}#/sql`);
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(
      "SELECT users.email, posts.title FROM users JOIN posts ON posts.user_id = users.id WHERE users.email LIKE 'a%'",
    );
    await page.getByLabel('ANALYZE').check();
    await page.getByRole('button', { name: 'Explain' }).click();
    const tree = page.locator('[data-plan="analyzed"] ul.plan-tree');
    await tree.waitFor();
    expect(await tree.locator('> li > .plan-node .plan-type').textContent()).toMatch(/Join|Nested Loop/);
    const relations = await tree.locator('.plan-relation').allTextContents();
    expect(relations.map((r) => r.trim())).toEqual(expect.arrayContaining(['on users', 'on posts']));
    expect(await tree.locator('> li > .plan-node .plan-cost').textContent()).toMatch(/cost \d+\.\d\d\.\.\d+\.\d\d/);
    expect(await tree.locator('> li > ul > li').count()).toBeGreaterThan(0); // nested, not one line of text
    expect(await tree.locator('.plan-actual').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explain.png') });

    const asked: string[] = [];
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('DELETE FROM posts WHERE id = 2');
    await page.getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => page.locator('[data-plan="analyzed"] .plan-type').first().textContent(), POLL).toBe('Delete');
    expect(asked.some((q) => q.includes('this one writes') && q.includes('rolled back'))).toBe(true);
    expect(await p.count('posts')).toBe(2);
  });

  it('exports the ER diagram as a PNG drawn in the browser', async () => {
    const { studio } = await postgresStudio();
    await page.goto(`${studio.url}#/schema`);
    await page.locator('[data-er-table="posts"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('schema.png');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'flash-png-')), 'schema.png');
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(5_000);
    // IHDR: twice the diagram's size, so the two tables side by side make it wider than one box
    expect(png.readUInt32BE(16)).toBeGreaterThan(2 * 220);
  });

  it('adds a column with the schema form: shows the file change first, then writes it and generates the migration', async () => {
    const { p, studio } = await postgresStudio();
    await page.goto(`${studio.url}#/edit`);
    await page.getByLabel('change').selectOption('column');
    await page.getByLabel('table', { exact: true }).fill('users');
    await page.getByLabel('column 1 name').fill('nickname');
    await page.getByLabel('column 1 type').fill('varchar(40)');
    await page.getByRole('button', { name: 'Show change' }).click();
    const change = page.getByLabel('schema file change');
    await expect.poll(() => change.textContent(), POLL).toContain('+  nickname varchar(40)');
    expect(await change.locator('.diff-add').allTextContents()).toEqual(['+  email varchar(100) NOT NULL,', '+  nickname varchar(40)']);
    expect(p.read('db/schema/app.sql')).toBe(SCHEMA); // nothing written yet
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schema-edit.png') });

    await page.getByRole('button', { name: 'Write and migrate' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toMatch(/migration \d+_add_nickname_to_users generated/);
    expect(await page.getByLabel('migration up').textContent()).toMatch(/ADD COLUMN "?nickname"? varchar\(40\)/);
    expect(p.read('db/schema/app.sql')).toContain('nickname varchar(40)');
    expect(p.migrations()).toHaveLength(2);
  });
});
