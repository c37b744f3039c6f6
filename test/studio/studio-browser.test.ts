import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEngine } from '../e2e/lifecycle-engines.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { startStudioProcess, type StudioProcess } from './studio-process.js';

/** Debian's chromium; the test fails (never skips) without it: .ci/run installs it. */
const CHROMIUM = process.env.FLASH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'docs/studio');
/** A page shows the outcome of an action once the server answers: a branch switch or a Down can take seconds on a loaded machine. */
const POLL = { timeout: 30_000, interval: 100 };

const SCHEMA = `
CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL, profile jsonb);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), title text NOT NULL);
CREATE INDEX posts_user_id_idx ON posts (user_id);
`;

/** The studio in real Chromium on a PostgreSQL project: every step asserts what the page shows. */
describe('flash studio in Chromium', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let p: EngineProject;
  let studio: StudioProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (CI does), or set FLASH_TEST_CHROMIUM.`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    p = await newEngineProject(postgresEngine, cleanups);
    p.write('db/schema/app.sql', SCHEMA);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql(
      `INSERT INTO users VALUES (1, 'ada@example.com', '{"lang":"en","tags":["math"]}'), (2, 'grace@example.com', NULL), (3, 'linus@example.com', '{}')`,
    );
    await p.sql(`INSERT INTO posts VALUES (1, 1, 'Notes on the engine'), (2, 2, 'Compilers')`);
    // a second migration, left pending for the Migrations page
    p.write('db/schema/app.sql', SCHEMA.replace('profile jsonb', 'profile jsonb, nickname text'));
    expectOk(await p.flash('migrate', 'add nickname'));
    p.commitAll('schema');
    // the branch database `flash branch` will copy, dropped afterwards
    cleanups.push(async () => {
      const { loadDialect } = await import('../../src/dialects/registry.js');
      const dialect = await loadDialect('postgresql');
      const copy = dialect.databases.urlFor(p.url, `${dialect.databases.databaseName(p.url)}__feature`);
      if (await dialect.databases.exists(copy)) await dialect.databases.drop(copy);
    });
    studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (d) => void d.accept());
  });

  afterAll(async () => {
    // undefined when beforeAll failed (no Chromium): the failure is the test's, not the cleanup's
    await (browser as Browser | undefined)?.close();
    if (studio as StudioProcess | undefined) expect(await studio.stop()).toBe(0);
    for (const c of cleanups) await c();
  });

  it('browses a table: row counts, types, pretty JSON', async () => {
    await page.goto(studio.url);
    await page.locator('button[data-table="users"]').click();
    await expect.poll(() => page.locator('button[data-table="users"] .count').textContent(), POLL).toBe('3');
    await expect.poll(() => page.locator('button[data-table="posts"] .count').textContent(), POLL).toBe('2');
    const grid = page.locator('table[data-grid="users"]');
    await grid.locator('tbody tr').first().waitFor();
    expect(await grid.locator('tbody tr').count()).toBe(3);
    expect(await grid.locator('th .type').allTextContents()).toEqual(['integer', 'varchar(100)', 'jsonb']);
    expect(await grid.locator('tbody tr').nth(0).locator('td').nth(2).textContent()).toContain('"lang": "en"');
    expect(await grid.locator('tbody tr').nth(1).locator('td').nth(2).textContent()).toBe('NULL');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data.png') });
  });

  it('filters a column', async () => {
    await page.getByLabel('filter email').fill('grace');
    const grid = page.locator('table[data-grid="users"]');
    await expect.poll(() => grid.locator('tbody tr').count(), POLL).toBe(1);
    await page.getByLabel('filter email').fill('');
    await expect.poll(() => grid.locator('tbody tr').count(), POLL).toBe(3);
  });

  it('edits a cell in place and the database has the new value', async () => {
    const cell = page.locator('table[data-grid="users"] tbody tr').nth(1).locator('td').nth(1);
    await cell.dblclick();
    await page.locator('input.cell-editor').fill('grace.hopper@example.com');
    await page.locator('input.cell-editor').press('Enter');
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('Saved users.email');
    await expect.poll(() => cell.textContent(), POLL).toBe('grace.hopper@example.com');
    expect(await p.sql('SELECT email FROM users WHERE id = 2')).toEqual([{ email: 'grace.hopper@example.com' }]);
  });

  it('shows a conflict when the row changed since it was shown', async () => {
    await p.sql(`UPDATE users SET email = 'changed@example.com' WHERE id = 3`);
    const cell = page.locator('table[data-grid="users"] tbody tr').nth(2).locator('td').nth(1);
    expect(await cell.textContent()).toBe('linus@example.com');
    await cell.dblclick();
    await page.locator('input.cell-editor').fill('mine@example.com');
    await page.locator('input.cell-editor').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('E_ROW_CONFLICT');
    expect(await p.sql('SELECT email FROM users WHERE id = 3')).toEqual([{ email: 'changed@example.com' }]);
    await page.locator('input.cell-editor').press('Escape');
  });

  it('runs a query in the SQL editor and shows the result grid', async () => {
    await page.locator('nav a[data-page="sql"]').click();
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(
      'SELECT u.email, count(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.email ORDER BY u.email',
    );
    // highlighting: CodeMirror marks SELECT as a keyword
    expect(
      await page
        .locator('.cm-content span')
        .filter({ hasText: /^SELECT$/ })
        .count(),
    ).toBeGreaterThan(0);
    await page.getByRole('button', { name: /Run/ }).click();
    const result = page.locator('[data-result="0"] table.grid');
    await result.waitFor();
    expect(await result.locator('th').allTextContents()).toEqual(['email', 'posts']);
    expect(await result.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['ada@example.com', '1']);
    expect(await page.locator('[data-result="0"] .muted').textContent()).toContain('3 row(s)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sql.png') });
  });

  it('opens the ER diagram: tables, the foreign key, details on click', async () => {
    await page.locator('nav a[data-page="schema"]').click();
    await page.locator('[data-er-table="users"]').waitFor();
    expect(await page.locator('[data-er-table]').count()).toBe(2);
    expect(await page.locator('[data-fk="posts->users"]').count()).toBe(1);
    await page.locator('[data-er-table="posts"]').click();
    const details = page.getByLabel('table details');
    await expect.poll(() => details.textContent(), POLL).toContain('posts_user_id_idx');
    expect(await details.textContent()).toContain('(user_id) → users(id)');
    await page.mouse.move(400, 400);
    await page.mouse.wheel(0, -300);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schema.png') });
  });

  it('applies the pending migration, then reverts it after confirming the data loss', async () => {
    await page.locator('nav a[data-page="migrations"]').click();
    const pending = page.locator('button[data-migration$="_add_nickname"]');
    await expect.poll(() => pending.locator('.count').textContent(), POLL).toBe('pending');
    await pending.click();
    await expect.poll(() => page.getByLabel('up').textContent(), POLL).toContain('ADD COLUMN');
    expect(await page.getByLabel('down').textContent()).toContain('DROP COLUMN');
    await page.getByRole('button', { name: 'Apply pending' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toMatch(/Applied \d+_add_nickname/);
    await expect.poll(() => pending.locator('.count').textContent(), POLL).toBe('applied');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'migrations.png') });

    await p.sql(`UPDATE users SET nickname = 'ada' WHERE id = 1`);
    const asked: string[] = [];
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByRole('button', { name: 'Down (last)' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toMatch(/Reverted \d+_add_nickname/);
    expect(asked.some((q) => q.includes('nickname') && q.includes('Continue and lose this data?'))).toBe(true);
    await expect.poll(() => pending.locator('.count').textContent(), POLL).toBe('pending');
  });

  it('creates a branch, switches back, and diffs the two branches', async () => {
    await page.locator('nav a[data-page="branches"]').click();
    await page.locator('tr[data-branch="main"]').waitFor();
    await page.getByLabel('new branch name').fill('feature');
    await page.getByRole('button', { name: 'Create branch' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('Created feature');
    await expect.poll(() => page.locator('tr[data-branch="feature"] td').first().textContent(), POLL).toBe('● feature');
    expect(await page.locator('tr[data-branch="feature"] td').nth(1).textContent()).toContain('__feature');

    // feature gets one more migration, committed there only
    p.write(
      'db/schema/app.sql',
      SCHEMA.replace('profile jsonb', 'profile jsonb, nickname text').replace(
        'title text NOT NULL',
        'title text NOT NULL, published boolean',
      ),
    );
    expectOk(await p.flash('migrate', 'published'));
    expectOk(await p.flash('apply'));
    p.commitAll('published on feature');
    await page.locator('tr[data-branch="main"]').getByRole('button', { name: 'Switch' }).click();
    await expect.poll(() => page.locator('.message').textContent(), POLL).not.toContain('Created feature');
    expect(await page.locator('.message').textContent()).toContain('Switched to main');
    await expect.poll(() => page.locator('tr[data-branch="main"] td').first().textContent(), POLL).toBe('● main');

    await page.getByLabel('from branch').selectOption('main');
    await page.getByLabel('to branch').selectOption('feature');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByLabel('branch diff').textContent(), POLL).toContain('posts.published');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'branches.png') });
  });
});
