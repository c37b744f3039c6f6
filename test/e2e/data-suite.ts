import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FLASH_BIN, tempDir, type CliResult } from '../helpers/cli.js';
import { connectTo, type LifecycleEngine } from './lifecycle-engines.js';
import { dataFixtures, POST_ROWS, USER_ROWS } from './data-fixtures.js';

function runFlash(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const full: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', ...env };
    delete full.FLASH_DEBUG;
    const child = spawn(process.execPath, [process.env.FLASH_E2E_BIN ?? FLASH_BIN, ...args], {
      cwd: os.tmpdir(),
      env: full,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const ok = (res: CliResult) => expect(res.code, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`).toBe(0);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A field of an RFC 4180 file: null for an empty unquoted field (Flash's NULL), the text otherwise. */
export function parseCsv(text: string): Array<Array<string | null>> {
  const records: Array<Array<string | null>> = [];
  let record: Array<string | null> = [];
  let i = 0;
  while (i < text.length) {
    let field: string | null;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
      field = value;
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      const raw = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i += raw.length;
      field = raw === '' ? null : raw;
    }
    record.push(field);
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (text[i] === ',') i++;
  }
  return records;
}

/** One spelling for a value seen through JSON, CSV or SQLite, so the three can be compared cell by cell. */
function canon(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return JSON.stringify(JSON.parse(value));
    } catch {
      return value;
    }
  }
  return String(value);
}
const canonBool = (value: unknown) => (typeof value === 'boolean' ? (value ? '1' : '0') : canon(value));

export function dataSuite(engine: LifecycleEngine): void {
  const fixture = dataFixtures[engine.provider];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  async function freshDatabase(dir: string, name: string): Promise<string> {
    if (engine.provider === 'sqlite') return path.join(dir, name);
    const db = await engine.createDatabase(dir);
    cleanups.push(db.drop);
    return db.url;
  }

  async function sql(url: string, statements: string[]): Promise<void> {
    const conn = await connectTo(engine.provider, url);
    try {
      for (const s of statements) await conn.exec(s);
    } finally {
      await conn.close();
    }
  }

  async function tableCount(url: string): Promise<number> {
    const conn = await connectTo(engine.provider, url);
    try {
      const { loadDialect } = await import('../../src/dialects/registry.js');
      return (await (await loadDialect(engine.provider)).introspect(conn)).tables.length;
    } finally {
      await conn.close();
    }
  }

  /** A git project with the fixture schema migrated and applied, and the fixture rows. */
  async function seededProject(): Promise<{ dir: string; url: string; flash: (url: string, ...args: string[]) => Promise<CliResult> }> {
    const dir = tempDir(`flash-data-${engine.provider}-`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const url = await freshDatabase(dir, 'dev.db');
    const flash = (dbUrl: string, ...args: string[]) => runFlash(['--cwd', dir, ...args], { DATABASE_URL: dbUrl });
    ok(await flash(url, 'init', `--${engine.provider}`));
    if (engine.serverShadowUrl) {
      const configFile = path.join(dir, 'flash.config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      config.database.shadow_url = engine.serverShadowUrl;
      writeFileSync(configFile, JSON.stringify(config, null, 2));
    }
    writeFileSync(path.join(dir, 'db/schema/schema.sql'), fixture.schema);
    ok(await flash(url, 'migrate', 'init'));
    ok(await flash(url, 'apply'));
    await sql(url, fixture.seed);
    return { dir, url, flash };
  }

  describe(`data tools on ${engine.provider}`, () => {
    it('export json, csv and sqlite: every row and type survives, manifest hashes match, no silent overwrite', async () => {
      const p = await seededProject();
      ok(await p.flash(p.url, 'export', '--format', 'json'));
      const out = path.join(p.dir, 'db/export');
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      expect(manifest.tables).toEqual([
        { table: 'posts', file: 'posts.json', rows: POST_ROWS },
        { table: 'users', file: 'users.json', rows: USER_ROWS },
      ]);
      for (const f of manifest.files) expect(sha256(path.join(out, f.file)), f.file).toBe(f.sha256);
      const users = JSON.parse(readFileSync(path.join(out, 'users.json'), 'utf8')) as Array<Record<string, unknown>>;
      expect(users).toHaveLength(USER_ROWS);
      const first = users[0];
      expect(first.profile).toEqual({ n: 1, l: [1, 'x'] });
      expect(first.avatar).toBe(Buffer.from([0, 1]).toString('base64'));
      expect(first.born).toBe('2000-01-02');
      expect(first.active).toBe(false);
      const odd = users.find((u) => u.id === fixture.bigId)!;
      expect(odd, 'the id past 2^53 is a string with every digit').toBeDefined();
      expect(odd.email).toBe('odd,"quoted"\nline');
      expect(odd.profile).toEqual([]);
      expect(users.find((u) => u.email === '')).toBeDefined();
      if (engine.provider !== 'sqlite') {
        expect(first.id).toBe('1');
        expect(first.score).toBe('1.125');
        expect(odd.score).toBe('12345678901.500');
        expect(first.created).toMatch(/^2024-01-01T01:00:00(\.0+)?Z$/);
        expect(first.local_ts).toMatch(/^2024-01-01T12:01:00\.50*$/);
      }
      if (engine.provider === 'postgresql') {
        expect(first.tags).toEqual(['a1', 'b,"q"']);
        expect(odd.ratio).toBe('NaN');
      }

      // an existing export is never replaced without --yes
      const before = readFileSync(path.join(out, 'users.json'));
      const refused = await p.flash(p.url, 'export', '--format', 'json');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('E_NEEDS_YES');
      expect(readFileSync(path.join(out, 'users.json')).equals(before)).toBe(true);

      // CSV: the same cells, NULL as an empty field and '' as ""
      ok(await p.flash(p.url, 'export', '--format', 'csv', '--out', 'csv'));
      const posts = JSON.parse(readFileSync(path.join(out, 'posts.json'), 'utf8')) as Array<Record<string, unknown>>;
      for (const [table, rows] of [
        ['users', users],
        ['posts', posts],
      ] as const) {
        const records = parseCsv(readFileSync(path.join(p.dir, 'csv', `${table}.csv`), 'utf8'));
        const header = records[0] as string[];
        expect(header).toEqual(Object.keys(rows[0]));
        expect(records.length - 1).toBe(rows.length);
        rows.forEach((row, r) =>
          header.forEach((col, c) => expect(canon(records[r + 1][c]), `${table}[${r}].${col}`).toBe(canon(row[col]))),
        );
      }

      // SQLite: one file, keys and indexes kept, every cell equal to the JSON export
      ok(await p.flash(p.url, 'export', '--format', 'sqlite', '--out', 'lite', '--tables', 'users,posts'));
      const lite = new Database(path.join(p.dir, 'lite/export.sqlite'), { readonly: true });
      try {
        expect(
          (lite.prepare(`SELECT "table" AS t FROM pragma_foreign_key_list('posts')`).all() as Array<{ t: string }>).map((r) => r.t).sort(),
        ).toEqual(['posts', 'users']);
        const indexes = (
          lite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'posts' AND sql IS NOT NULL`).all() as Array<{
            name: string;
          }>
        ).map((r) => r.name);
        if (engine.provider !== 'mysql') expect(indexes).toContain('posts_user_idx');
        for (const [table, rows] of [
          ['users', users],
          ['posts', posts],
        ] as const) {
          const liteRows = lite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).safeIntegers(true).all() as Array<
            Record<string, unknown>
          >;
          expect(liteRows).toHaveLength(rows.length);
          rows.forEach((row, r) =>
            Object.keys(row).forEach((col) => expect(canonBool(liteRows[r][col]), `${table}[${r}].${col}`).toBe(canonBool(row[col]))),
          );
        }
      } finally {
        lite.close();
      }
    });

    it('backup → restore into a fresh database: identical rows, clean status; corrupt or non-empty targets change nothing', async () => {
      const p = await seededProject();
      const backupFile = path.join(p.dir, 'app.flash-backup.gz');
      const made = await p.flash(p.url, 'backup', '--out', backupFile, '--json');
      ok(made);
      expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, rows: USER_ROWS + POST_ROWS, trackingRows: 1, tables: 2 });

      // a damaged copy is refused before anything is touched
      const target = await freshDatabase(p.dir, 'restored.db');
      const damaged = path.join(p.dir, 'damaged.gz');
      copyFileSync(backupFile, damaged);
      const bytes = readFileSync(damaged);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      writeFileSync(damaged, bytes);
      const refused = await p.flash(target, 'restore', damaged);
      expect(refused.code, refused.stderr).toBe(4);
      expect(refused.stderr).toContain('E_BACKUP_CORRUPT');
      const cut = path.join(p.dir, 'cut.gz');
      writeFileSync(cut, readFileSync(backupFile).subarray(0, statSync(backupFile).size - 20));
      expect((await p.flash(target, 'restore', cut)).code).toBe(4);
      if (engine.provider === 'sqlite') expect(existsSync(target) ? await tableCount(target) : 0).toBe(0);
      else expect(await tableCount(target)).toBe(0);

      const restored = await p.flash(target, 'restore', backupFile, '--json');
      ok(restored);
      const result = JSON.parse(restored.stdout);
      expect(result).toMatchObject({ ok: true, replaced: false, rows: USER_ROWS + POST_ROWS, trackingRows: 1 });
      expect(result.restoredHash).toBe(result.schemaHash);

      const status = JSON.parse((await p.flash(target, 'status', '--json')).stdout);
      expect(status.inSync).toBe(true);
      expect(status.migrations.map((m: { state: string }) => m.state)).toEqual(['applied']);

      // identical rows: the two databases export to byte-identical files
      ok(await p.flash(p.url, 'export', '--out', 'a'));
      ok(await p.flash(target, 'export', '--out', 'b'));
      const ma = JSON.parse(readFileSync(path.join(p.dir, 'a/manifest.json'), 'utf8'));
      const mb = JSON.parse(readFileSync(path.join(p.dir, 'b/manifest.json'), 'utf8'));
      expect(mb.files).toEqual(ma.files);
      expect(mb.schema).toBe(ma.schema);

      // sequences continue after the restored ids
      await sql(target, [
        `INSERT INTO users (email, active) VALUES ('after-restore@x.test', ${engine.provider === 'postgresql' ? 'true' : '1'})`,
        `INSERT INTO posts (user_id, title) VALUES (1, 'after restore')`,
      ]);

      // a database that is not empty is replaced only with --yes
      const again = await p.flash(target, 'restore', backupFile);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('E_NEEDS_YES');
      const replaced = await p.flash(target, 'restore', backupFile, '--yes', '--json');
      ok(replaced);
      expect(JSON.parse(replaced.stdout)).toMatchObject({ ok: true, replaced: true });
      expect(JSON.parse((await p.flash(target, 'status', '--json')).stdout).inSync).toBe(true);
    });
    it('raw: CSV by default off a TTY, --json, --table, a file of statements, located errors, the production guard', async () => {
      const p = await seededProject();
      const q = 'SELECT id, email FROM users ORDER BY id LIMIT 2';
      const csv = await p.flash(p.url, 'raw', '-q', q);
      ok(csv);
      expect(csv.stdout).toBe('id,email\r\n1,u1@x.test\r\n2,u2@x.test\r\n');

      const json = await p.flash(p.url, 'raw', '-q', q, '--json');
      ok(json);
      const parsed = JSON.parse(json.stdout);
      expect(parsed).toMatchObject({ ok: true, statements: 1, rows: 2 });
      expect(parsed.results[0].rows[1]).toEqual({ id: engine.provider === 'sqlite' ? 2 : '2', email: 'u2@x.test' });

      const table = await p.flash(p.url, 'raw', '-q', q, '--table');
      ok(table);
      expect(table.stdout).toMatch(/^id +\| email\n-+-\+-+\n +1 \| u1@x\.test\n +2 \| u2@x\.test\n\(2 rows\)\n$/);

      // a file of statements, split by the dialect (the ; inside the string is not a separator)
      writeFileSync(
        path.join(p.dir, 'script.sql'),
        "CREATE TABLE notes (id integer PRIMARY KEY, body text);\nINSERT INTO notes (id, body) VALUES (1, 'a;b');\nSELECT body FROM notes;\n",
      );
      const script = await p.flash(p.url, 'raw', 'script.sql', '--json');
      ok(script);
      const sr = JSON.parse(script.stdout);
      expect(sr.statements).toBe(3);
      expect(sr.affected).toBe(1);
      expect(sr.results.map((r: { line: number }) => r.line)).toEqual([1, 2, 3]);
      expect(sr.results[2].rows).toEqual([{ body: 'a;b' }]);

      // errors: E_SQL with the engine's message and where in the file
      writeFileSync(path.join(p.dir, 'bad.sql'), "INSERT INTO notes (id, body) VALUES (2, 'x');\n\nSELECT id,\n  FROM notes;\n");
      const bad = await p.flash(p.url, 'raw', 'bad.sql');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('error[E_SQL]');
      expect(bad.stderr).toContain(`statement 2, line ${engine.provider === 'sqlite' ? 3 : 4}`);
      expect(bad.stderr).toContain('The 1 statement(s) before it ran.');
      expect(bad.stderr).not.toMatch(/\n\s+at /);

      // production: reads run, writes (DML, DDL, switching the guard off) need --yes and write nothing
      const configFile = path.join(p.dir, 'flash.config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      config.database.production = true;
      writeFileSync(configFile, JSON.stringify(config, null, 2));
      ok(await p.flash(p.url, 'raw', '-q', 'SELECT COUNT(*) AS n FROM notes'));
      const escape = {
        postgresql: 'SET default_transaction_read_only = off',
        mysql: 'SET SESSION TRANSACTION READ WRITE',
        sqlite: 'PRAGMA query_only = OFF',
      }[engine.provider];
      for (const write of ["INSERT INTO notes (id, body) VALUES (3, 'prod')", 'DROP TABLE notes', `${escape};\nDELETE FROM notes`]) {
        const refused = await p.flash(p.url, 'raw', '-q', write);
        expect(refused.code, write).toBe(1);
        expect(refused.stderr, write).toContain('E_NEEDS_YES');
      }
      const count = await p.flash(p.url, 'raw', '-q', 'SELECT COUNT(*) AS n FROM notes', '--json');
      expect(JSON.parse(count.stdout).results[0].rows[0].n).toBe(engine.provider === 'sqlite' ? 2 : '2');
      ok(await p.flash(p.url, 'raw', '-q', "INSERT INTO notes (id, body) VALUES (3, 'prod')", '--yes'));
      const after = await p.flash(p.url, 'raw', '-q', 'SELECT COUNT(*) AS n FROM notes', '--json');
      expect(JSON.parse(after.stdout).results[0].rows[0].n).toBe(engine.provider === 'sqlite' ? 3 : '3');
    });
  });
}
