import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FLASH_BIN, REPO_ROOT, runFlash, tempDir } from '../helpers/cli.js';
import { conflictedMerge, migrationFiles, sqliteProject } from './projects.js';
import { TmuxSession } from './tmux-session.js';

/** `flash tui` in the session's terminal with a clean environment (no CI, no inherited DATABASE_URL). */
function tuiCommand(dir: string, args = 'tui', color = false): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const env = [
    `PATH=${q(process.env.PATH ?? '/usr/bin:/bin')}`,
    `HOME=${q(process.env.HOME ?? dir)}`,
    'TERM=xterm-256color',
    'LANG=C.UTF-8',
    ...(color ? [] : ['NO_COLOR=1']),
  ];
  return `cd ${q(dir)} && env -i ${env.join(' ')} ${q(process.execPath)} ${q(FLASH_BIN)} ${args}`;
}

const sessions: TmuxSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

function open(dir: string, args?: string, color = false): TmuxSession {
  const session = new TmuxSession(tuiCommand(dir, args, color));
  sessions.push(session);
  session.start();
  return session;
}

function head(dir: string): string {
  return readFileSync(path.join(dir, '.git/HEAD'), 'utf8').trim();
}

describe('flash tui in a real terminal (tmux)', { timeout: 180_000 }, () => {
  it('dashboard → migrations: apply the pending one; branches: create, check out, delete; q exits 0', async () => {
    const dir = await sqliteProject();
    const tui = open(dir);
    let screen = await tui.waitFor((s) => s.includes('q/Esc quit') && /migrations\s+1 applied/.test(s), 'dashboard');
    expect(screen).toMatch(/branch\s+main/);
    expect(screen).toMatch(/database\s+file:\.\/dev\.db/);
    expect(screen).toMatch(/1 applied, 1 pending, 0 modified/);
    expect(screen).toMatch(/_add_posts/);
    expect(tui.styledScreen(), 'NO_COLOR: no colour or attribute at all').not.toContain('\u001B[');

    tui.send('m');
    await tui.waitFor((s) => /• pending\s+\d+_add_posts/.test(s), 'migration list');
    tui.send('Down');
    tui.send('Enter');
    screen = await tui.waitFor((s) => s.includes('[Up]') && /CREATE TABLE [`"]?posts/i.test(s), 'Up SQL of add_posts');
    tui.send('Escape');
    await tui.waitFor((s) => s.includes('a apply pending'), 'list again');
    tui.send('a');
    await tui.waitFor((s) => s.includes('applied 1 migration(s)') && /✓ applied\s+\d+_add_posts/.test(s), 'applied');
    const db = new Database(path.join(dir, 'dev.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'posts'").get()).toBeTruthy();
      expect((db.prepare('SELECT count(*) AS n FROM _flash_migrations WHERE rolled_back_at IS NULL').get() as { n: number }).n).toBe(2);
    } finally {
      db.close();
    }

    tui.send('Escape');
    await tui.waitFor((s) => /migrations\s+2 applied, 0 pending/.test(s), 'dashboard refreshed');
    tui.send('b');
    await tui.waitFor((s) => /›\s+\*\s+main\s+in sync/.test(s), 'branch list');
    tui.send('n');
    await tui.waitFor((s) => s.includes('new branch:'), 'text input');
    tui.send('feature', { literal: true });
    tui.send('Enter');
    await tui.waitFor((s) => s.includes('Switched to a new branch feature') && /\*\s+feature/.test(s), 'branch created, list reloaded');
    expect(head(dir)).toBe('ref: refs/heads/feature');
    const branches = JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8')) as {
      branches: Record<string, { url: string }>;
    };
    const featureUrl = branches.branches.feature.url;
    expect(featureUrl).not.toBe('file:./dev.db');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toContain(featureUrl);
    const featureFile = path.resolve(dir, featureUrl.replace(/^file:/, ''));
    expect(existsSync(featureFile)).toBe(true);

    // The list is sorted (feature, main): move to main and check it out.
    tui.send('Down');
    await tui.waitFor((s) => /›\s+main/.test(s), 'cursor on main');
    tui.send('Enter');
    await tui.waitFor((s) => s.includes('switched to main') && /\*\s+main/.test(s), 'checked out main');
    expect(head(dir)).toBe('ref: refs/heads/main');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toMatch(/file:\.\/dev\.db/);

    tui.send('Up');
    await tui.waitFor((s) => /›\s+feature/.test(s), 'cursor on feature');
    tui.send('d');
    await tui.waitFor(
      (s) => s.includes('Drop the dev database of branch feature?') && s.includes('The git branch is kept'),
      'confirmation',
    );
    tui.send('y');
    await tui.waitFor((s) => s.includes('Dropped'), 'dropped');
    expect(existsSync(featureFile)).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8')).branches.feature).toBeUndefined();

    tui.send('q');
    await tui.waitFor((s) => s.includes('__FLASH_EXIT__'), 'exit');
    expect(tui.exitCode()).toBe(0);
  });

  it('resolves a real merge conflict with keystrokes: theirs for users.email, then the merge migration is written', async () => {
    const dir = await conflictedMerge();
    expect(existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))).toBe(true);
    const before = migrationFiles(dir);
    expect(before.some((f) => f.endsWith('_email320.sql'))).toBe(true);

    const tui = open(dir);
    await tui.waitFor((s) => /conflicts\s+1 unresolved/.test(s), 'dashboard with the conflict');
    tui.send('c');
    let screen = await tui.waitFor((s) => s.includes('Conflict 1/2') && s.includes('theirs'), 'first conflict');
    expect(screen).toContain('merging feature');
    expect(screen).toContain('C002 both-modified-different at users.email');
    expect(
      screen
        .split('\n')
        .some((l) => l.includes('email text') && l.includes('email varchar(255)') && l.includes('email varchar(320) not null')),
      'base/ours/theirs side by side',
    ).toBe(true);
    expect(screen).toContain('o keep ours');
    expect(screen).toContain('t keep theirs');

    tui.send('t');
    screen = await tui.waitFor((s) => s.includes('Conflict 2/2'), 'the warning');
    expect(screen).toContain('W001');
    expect(screen).toContain('warning only: nothing to choose');
    tui.send('Enter');
    screen = await tui.waitFor((s) => s.includes('Summary: 1 of 1 conflicts resolved') && s.includes('merge_feature'), 'summary');
    expect(screen).toMatch(/kept theirs\s+C002 users\.email/);
    expect(screen).toMatch(/all conflicts resolved; wrote \d{14}_merge_feature/);

    // What `flash resolve users.email --theirs` writes (docs/MERGE.md, a remainder history): the state
    // file is gone, theirs' migration stays (skipped wherever ours' ran), and a migration regenerated
    // from ours' head brings a database there to the resolved schema; the lock holds all of them.
    expect(existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))).toBe(false);
    const after = migrationFiles(dir);
    const merged = after.find((f) => /^\d{14}_merge_feature\.sql$/.test(f));
    expect(merged).toBeDefined();
    expect(after.some((f) => f.endsWith('_email320.sql'))).toBe(true);
    const mergedText = readFileSync(path.join(dir, 'db/migrations', merged!), 'utf8');
    expect(mergedText).toMatch(/varchar\(320\)/i);
    expect(mergedText).toMatch(/NOT NULL/i);
    const lock = readFileSync(path.join(dir, 'db/migrations/flash.lock'), 'utf8');
    expect(lock).toContain(merged!.replace(/\.sql$/, ''));
    expect(lock).toContain('_email320');
    const lastTo = lock.trim().split('\n').at(-1)!.split(/\s+/)[3]; // name checksum from to [satisfied-by=…]
    expect(
      existsSync(path.join(dir, '.flash/objects', lastTo.slice(0, 2), lastTo.slice(2))),
      `the resolved snapshot is in the store:\n${lock}`,
    ).toBe(true);

    tui.send('Escape');
    await tui.waitFor((s) => /conflicts\s+none/.test(s), 'dashboard without conflicts');
    tui.send('q');
    await tui.waitFor((s) => s.includes('__FLASH_EXIT__'), 'exit');
    expect(tui.exitCode()).toBe(0);
  });

  it('the conflict-resolution entry for `flash resolve`: quitting with a conflict open exits 3, resolving it exits 0', async () => {
    const dir = await conflictedMerge();
    const entry = path.join(REPO_ROOT, 'dist/ui/run-conflict-resolution.js');
    const script = `import(${JSON.stringify(entry)}).then((m) => m.runConflictResolution(process.cwd(), false)).then((code) => process.exit(code))`;
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = (d: string) =>
      `cd ${q(d)} && env -i PATH=${q(process.env.PATH ?? '/usr/bin:/bin')} HOME=${q(process.env.HOME ?? d)} TERM=xterm-256color NO_COLOR=1 ${q(process.execPath)} -e ${q(script)}`;
    const first = new TmuxSession(command(dir));
    sessions.push(first);
    first.start();
    await first.waitFor((s) => s.includes('Conflict 1/2'), 'conflict screen');
    first.send('q');
    await first.waitFor((s) => s.includes('__FLASH_EXIT__'), 'exit');
    expect(first.exitCode()).toBe(3);
    expect(existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))).toBe(true);

    const second = new TmuxSession(command(dir));
    sessions.push(second);
    second.start();
    await second.waitFor((s) => s.includes('Conflict 1/2'), 'conflict screen again');
    second.send('o');
    await second.waitFor((s) => s.includes('Conflict 2/2'), 'warning');
    second.send('Enter');
    await second.waitFor((s) => s.includes('Summary: 1 of 1'), 'summary');
    second.send('q');
    await second.waitFor((s) => s.includes('__FLASH_EXIT__'), 'exit');
    expect(second.exitCode()).toBe(0);
    expect(existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))).toBe(false);
  });

  it('bare `flash` in a terminal opens the dashboard; Esc quits with status 0', async () => {
    const dir = await sqliteProject();
    const tui = open(dir, '', true);
    await tui.waitFor((s) => s.includes('Flash · dashboard') && /migrations\s+1 applied/.test(s), 'dashboard');
    expect(tui.styledScreen(), 'without NO_COLOR the terminal gets colours').toMatch(/\u001B\[[0-9;]*3[0-9]/);
    tui.send('Escape');
    await tui.waitFor((s) => s.includes('__FLASH_EXIT__'), 'exit');
    expect(tui.exitCode()).toBe(0);
  });
});

describe('flash tui without a terminal', { timeout: 120_000 }, () => {
  it('prints the plain dashboard and exits 0 (stdin from /dev/null, CI set)', async () => {
    const dir = await sqliteProject();
    const r = await runFlash(['tui'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Flash dashboard\n/);
    expect(r.stdout).toMatch(/^branch\s+main$/m);
    expect(r.stdout).toMatch(/^migrations\s+1 applied, 1 pending, 0 modified$/m);
    expect(r.stdout).toMatch(/^pending:\n {2}\d+_add_posts$/m);
    expect(r.stdout).not.toContain('\u001B[');
  });

  it('with stdin really /dev/null and no CI variable, it still never prompts', async () => {
    const dir = await sqliteProject();
    const out = execFileSync('sh', ['-c', `env -u CI ${JSON.stringify(process.execPath)} ${JSON.stringify(FLASH_BIN)} tui < /dev/null`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out).toMatch(/^Flash dashboard\n/);
    expect(out).toMatch(/^provider\s+sqlite$/m);
  });

  it('--json prints the dashboard data', async () => {
    const dir = await sqliteProject();
    const r = await runFlash(['tui', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ ok: true, provider: 'sqlite', gitBranch: 'main', applied: 1 });
    expect(data.pending).toHaveLength(1);
  });

  it('outside a project: the coded error and exit 1, nothing rendered', async () => {
    const r = await runFlash(['tui'], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_NO_CONFIG]');
    expect(r.stdout).toBe('');
  });
});
