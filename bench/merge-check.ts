// Merge and check at scale:
//  - a three-way merge (mergeSchemas, in process) of two 1,000-table snapshots that each changed 100
//    tables and added 10;
//  - `flash check --base main` (CLI) on a SQLite project whose history has 500 migrations building a
//    1,000-table schema, the last one added on the branch under check.
// The 500-migration history is built without replaying it: every migration only creates tables, so the
// schema after migration k is the final introspected schema restricted to the tables created so far;
// its snapshot is stored and the lock written with the API. `flash check` replays it for real and
// would report E_CHAIN if that shortcut were wrong.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema, Table } from '../src/core/model/schema.js';
import { mergeSchemas } from '../src/core/merge/merge-schemas.js';
import { migrationChecksum, setChainHashes } from '../src/core/plan/migration-file.js';
import { sha256, snapshotId } from '../src/core/snapshot/hash.js';
import { emptySchema } from '../src/core/model/schema.js';
import { loadDialect } from '../src/dialects/registry.js';
import { sqliteTraits } from '../src/dialects/sqlite/traits.js';
import { openProject } from '../src/api/project/project-context.js';
import { writeLock } from '../src/api/project/chain.js';
import type { LockEntry } from '../src/core/plan/lock-file.js';
import { generateSchema, schemaSqlText } from './generate-schema.js';
import Database from 'better-sqlite3';
import { benchEnv, flash, log, repeat, sh, stats, tempDir, timed, timeIt, type Stats } from './lib.js';

/** The generated SQLite schema, introspected by Flash's own dialect. */
export async function sqliteSchema(tables: number): Promise<Schema> {
  const dir = tempDir('ir');
  try {
    const dialect = await loadDialect('sqlite');
    const conn = await dialect.connect(`file:${path.join(dir, 'ir.db')}`);
    try {
      await conn.exec(generateSchema('sqlite', { tables, views: false }).join(';\n') + ';');
      return await dialect.introspect(conn);
    } finally {
      await conn.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const clone = <T>(x: T): T => structuredClone(x);

function renamedTable(t: Table, name: string): Table {
  const copy = clone(t);
  copy.name = name;
  copy.indexes = copy.indexes.map((i) => ({ ...i, name: i.name.replace(t.name, name) }));
  copy.foreignKeys = copy.foreignKeys.map((f) => ({ ...f, name: f.name.replace(t.name, name) }));
  copy.checks = copy.checks.map((c) => ({ ...c, name: c.name.replace(t.name, name) }));
  copy.uniques = copy.uniques.map((u) => ({ ...u, name: u.name.replace(t.name, name) }));
  return copy;
}

/** One side's edits: a nullable column on 100 tables, a default changed on 20 others, 10 new tables. */
function edited(base: Schema, side: 'o' | 't'): Schema {
  const s = clone(base);
  const offset = side === 'o' ? 0 : 500;
  for (let i = offset; i < offset + 100; i++)
    s.tables[i].columns.push({ name: `extra_${side}`, type: 'text', family: 'text', nullable: true });
  for (let i = offset + 200; i < offset + 220; i++) {
    const qty = s.tables[i].columns.find((c) => c.name === 'qty')!;
    qty.default = side === 'o' ? '1' : '2';
  }
  for (let k = 0; k < 10; k++) s.tables.push(renamedTable(base.tables[k * 2], `new_${side}_${k}`));
  return s;
}

export interface MergeResults {
  tables: number;
  merge: Stats;
  conflicts: number;
  mergedTables: number;
}

export async function mergeBench(tables: number, runs: number): Promise<MergeResults> {
  log(`merge: building the ${tables}-table base snapshot`);
  const base = await sqliteSchema(tables);
  const ours = edited(base, 'o');
  const theirs = edited(base, 't');
  let conflicts = 0;
  let mergedTables = 0;
  const merge = await repeat(runs, async () => {
    const r = await timeIt(async () => mergeSchemas(base, ours, theirs, { traits: sqliteTraits }));
    const result = r.value as unknown as { conflicts?: unknown[]; schema?: Schema; merged?: Schema };
    conflicts = result.conflicts?.length ?? 0;
    mergedTables = (result.schema ?? result.merged)?.tables.length ?? 0;
    return r.ms;
  });
  if (conflicts) throw new Error(`the merge of disjoint edits reported ${conflicts} conflict(s)`);
  return { tables, merge, conflicts, mergedTables };
}

export interface CheckResults {
  migrations: number;
  tables: number;
  check: Stats;
  exitCode: number | null;
  summary: string;
  setupMs: number;
  /**
   * The floor of the replay: every migration's Up SQL executed on one in-memory SQLite connection in
   * this process (no Flash, no process start), measured alongside. Optional: older saved results lack it.
   */
  replayFloor?: Stats;
}

/** Migration k (1-based) creates tables [p(k-1), pk), p = tables / migrations. */
export async function checkBench(migrations: number, tables: number, runs: number): Promise<CheckResults> {
  const perMigration = tables / migrations;
  const ups: string[] = [];
  const floors: number[] = [];
  const dir = tempDir('check');
  try {
    const setup = await timeIt(async () => {
      log(`check: building a ${migrations}-migration, ${tables}-table history`);
      sh(dir, 'git', ['init', '-q', '-b', 'main']);
      await flash(dir, ['init', '--sqlite']);
      const stmtsByTable = new Map<string, string[]>();
      for (const stmt of generateSchema('sqlite', { tables, views: false })) {
        const owner = /t\d{5}/.exec(stmt)![0];
        stmtsByTable.set(owner, [...(stmtsByTable.get(owner) ?? []), stmt]);
      }
      const final = await sqliteSchema(tables);
      const byName = new Map(final.tables.map((t) => [t.name, t]));
      const pc = await openProject(dir, benchEnv);
      const migrationsDir = pc.project.migrationsDir;
      mkdirSync(migrationsDir, { recursive: true });
      const lock: LockEntry[] = [];
      let from = snapshotId(emptySchema('sqlite'));
      const created: Table[] = [];
      ups.length = 0;
      const commitAt = async (n: number) => {
        await writeLock(pc, lock);
        const schemaSql = created.map((t) => stmtsByTable.get(t.name)!.join(';\n') + ';').join('\n\n');
        writeFileSync(path.join(pc.project.schemaDir, 'schema.sql'), schemaSql + '\n');
        sh(dir, 'git', ['add', '-A']);
        sh(dir, 'git', ['commit', '-q', '-m', `${n} migrations`]);
      };
      for (let k = 1; k <= migrations; k++) {
        const names = Array.from({ length: perMigration }, (_, j) => `t${String((k - 1) * perMigration + j).padStart(5, '0')}`);
        for (const n of names) created.push(byName.get(n)!);
        const up = names.map((n) => stmtsByTable.get(n)!.join(';\n') + ';').join('\n\n');
        ups.push(up);
        const down = [...names]
          .reverse()
          .map((n) => `DROP TABLE ${n};`)
          .join('\n');
        const name = `2026${String(k).padStart(10, '0')}_create_${names[0]}`;
        // `flash check` introspects only after the branch's own migrations and the last one (the shared
        // history is replayed, its intermediate states not compared), so a long history stores real
        // snapshots only where check reads them; the others get stand-in ids (hashing 5,000 growing
        // 5,000-table schemas would take the setup minutes and gigabytes, and check never looks).
        const real = migrations <= 1000 || k >= migrations - 1;
        const to = real ? await pc.store.put({ ...final, tables: [...created] }) : sha256(`bench-history-${k}`);
        const text = setChainHashes(
          `-- Migration: create ${names.join(', ')}\n\n-- +migrate Up\n${up}\n\n-- +migrate Down\n${down}\n`,
          from,
          to,
        );
        writeFileSync(path.join(migrationsDir, `${name}.sql`), text);
        lock.push({ name, checksum: migrationChecksum(text), from, to });
        from = to;
        if (k === migrations - 1) {
          await commitAt(k);
          sh(dir, 'git', ['checkout', '-q', '-b', 'feature']);
        }
      }
      await commitAt(migrations);
    });
    log('check: flash check --base main');
    let exitCode: number | null = 0;
    let summary = '';
    const check = await repeat(runs, async () => {
      // the floor, interleaved: SQLite itself running the same DDL (each statement rescans sqlite_schema)
      const db = new Database(':memory:');
      const t = performance.now();
      for (const up of ups) db.exec(up);
      floors.push(performance.now() - t);
      db.close();
      const r = await timed(
        process.execPath,
        [
          path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'bin', 'flash.js'),
          'check',
          '--base',
          'main',
          '--format',
          'json',
        ],
        { cwd: dir, env: benchEnv },
      );
      exitCode = r.code;
      try {
        const report = JSON.parse(r.stdout) as {
          ok: boolean;
          findings: { severity: string; code: string; message: string }[];
          migrations: { total: number; new: string[] };
        };
        summary = `ok=${report.ok}, ${report.migrations.total} migrations (${report.migrations.new.length} new), findings: ${report.findings.map((f) => `${f.severity} ${f.code}`).join(', ') || 'none'}`;
        if (report.findings.some((f) => f.severity === 'error'))
          summary += ` — first: ${report.findings.find((f) => f.severity === 'error')!.message.slice(0, 200)}`;
      } catch {
        throw new Error(`flash check did not print a JSON report (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 500)}`);
      }
      return r;
    });
    return { migrations, tables, check, exitCode, summary, setupMs: setup.ms, replayFloor: stats(floors) };
  } finally {
    if (process.env.BENCH_KEEP === '1') log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export { schemaSqlText };
