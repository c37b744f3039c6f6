import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flash, flashOk, flashRepo, gitOk } from '../git/git-fixture.js';
import { mysqlEngine, postgresEngine, sqliteEngine, type LifecycleEngine } from './lifecycle-engines.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

function auditLines(dir: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(dir, '.flash', 'local', 'audit.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

async function repoWithTable(engine: LifecycleEngine): Promise<{ dir: string; url: string }> {
  const tmp = await flashRepo(engine.provider);
  const db = await engine.createDatabase(tmp);
  cleanups.push(async () => {
    await db.drop();
    rmSync(tmp, { recursive: true, force: true });
  });
  writeFileSync(path.join(tmp, '.env'), `DATABASE_URL=${db.url}\n`);
  await gitOk(tmp, ['config', 'user.email', 'auditor@example.com']);
  writeFileSync(
    path.join(tmp, 'db', 'schema', 'users.sql'),
    'CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL);\nCREATE INDEX users_email_idx ON users (email);\n',
  );
  await flashOk(tmp, ['migrate', 'users']);
  return { dir: tmp, url: db.url };
}

describe.each([sqliteEngine, postgresEngine, mysqlEngine])('audit log on $provider', (engine) => {
  it('apply, down and reset each append one JSON line (and a _flash_audit row on servers); flash log shows them', async () => {
    const { dir, url } = await repoWithTable(engine);
    await flashOk(dir, ['apply', '--dry-run']); // writes nothing: not audited
    await flashOk(dir, ['apply']);
    await flashOk(dir, ['down']);
    await flashOk(dir, ['reset', '--yes']);
    const lines = auditLines(dir);
    expect(lines.map((l) => l.command)).toEqual(['apply', 'down', 'reset']);
    const [apply, down, reset] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(apply).toMatchObject({ who: 'auditor@example.com', branch: 'main', result: 'ok', statements: 2, error: null });
    expect(apply.from).toMatch(/^[0-9a-f]{64}$/);
    expect(apply.to).toMatch(/^[0-9a-f]{64}$/);
    expect(apply.to).not.toBe(apply.from);
    expect(down).toMatchObject({ from: apply.to, to: apply.from, statements: 1, result: 'ok' }); // DROP TABLE takes its index along
    expect(reset).toMatchObject({ to: apply.to, statements: 2, result: 'ok' });
    expect(typeof apply.durationMs).toBe('number');
    expect(Date.parse(String(apply.when))).not.toBeNaN();
    expect(String(apply.database)).toContain(engine.provider === 'sqlite' ? 'dev.db' : new URL(url).pathname.slice(1));

    const shown = await flashOk(dir, ['log']);
    expect(shown.stdout.trim().split('\n')).toHaveLength(3);
    expect(shown.stdout).toMatch(/auditor@example\.com {2}main {2}apply [0-9a-f]{8}→[0-9a-f]{8} 2 stmt \d+ms {2}ok/);
    const json = JSON.parse((await flashOk(dir, ['log', '--json'])).stdout);
    expect(json.records).toHaveLength(3);

    const dbSide = await flash(dir, ['log', '--db-side', '--json']);
    if (engine.provider === 'sqlite') {
      expect(dbSide.code).toBe(1);
      expect(dbSide.stdout + dbSide.stderr).toContain('E_UNSUPPORTED');
    } else {
      expect(dbSide.code, dbSide.stderr).toBe(0);
      // reset dropped the database with the apply and down rows; the reset row was written after
      const rows = JSON.parse(dbSide.stdout).records as Array<Record<string, unknown>>;
      expect(rows.map((r) => r.command)).toEqual(['reset']);
      expect(rows[0]).toMatchObject({ who: 'auditor@example.com', to: reset.to, statements: 2, result: 'ok' });
    }
  });
});

describe('audit log (SQLite): failures, branch switches, merges', () => {
  it('records a failed apply with its error code', async () => {
    const { dir } = await repoWithTable(sqliteEngine);
    const r = await flash(dir, ['apply'], { DATABASE_URL: '/nonexistent-dir-xyz/dev.db' });
    expect(r.code).not.toBe(0);
    const [line] = auditLines(dir);
    expect(line).toMatchObject({ command: 'apply', result: 'error' });
    expect(String(line.error)).toMatch(/^E_DB_CONNECT: /);
  });

  it('a log that cannot be written never blocks the command: warning with a code on stderr', async () => {
    const { dir } = await repoWithTable(sqliteEngine);
    mkdirSync(path.join(dir, '.flash', 'local', 'audit.log'), { recursive: true }); // a directory: appending fails
    const r = await flash(dir, ['apply']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Applied 1 migration(s)');
    expect(r.stderr).toMatch(/warning\[E_AUDIT_WRITE\]: could not append to \.flash\/local\/audit\.log: /);
  });

  it('checkout, the post-checkout hook, merge and resolve are audited', async () => {
    const { dir } = await repoWithTable(sqliteEngine);
    await flashOk(dir, ['apply']);
    await flashOk(dir, ['hooks', 'install']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-qm', 'users']);
    await gitOk(dir, ['checkout', '-q', '-b', 'feature']); // the hook copies the database for the new branch
    writeFileSync(path.join(dir, 'db', 'schema', 'posts.sql'), 'CREATE TABLE posts (id integer PRIMARY KEY, title text);\n');
    await flashOk(dir, ['migrate', 'posts']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-qm', 'posts']);
    await flashOk(dir, ['checkout', 'main']);
    await flashOk(dir, ['merge', 'feature']);
    const commands = auditLines(dir).map((l) => `${l.command}:${l.result}:${l.branch}`);
    expect(commands).toEqual(['apply:ok:main', 'hook post-checkout:ok:feature', 'apply:ok:feature', 'checkout:ok:main', 'merge:ok:main']);
    const checkout = auditLines(dir)[3];
    expect(checkout.from).toMatch(/^[0-9a-f]{64}$/);
    expect(checkout.to).toMatch(/^[0-9a-f]{64}$/);
    const resolve = await flash(dir, ['resolve', 'nothing:here', '--ours']);
    expect(resolve.code).not.toBe(0);
    expect(auditLines(dir).at(-1)).toMatchObject({ command: 'resolve', result: 'error' });
  });
});
