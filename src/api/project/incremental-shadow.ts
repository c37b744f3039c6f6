import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Schema } from '../../core/model/schema.js';
import { sha256 } from '../../core/snapshot/hash.js';
import type { Connection, IncrementalShadowSupport, KeptShadow, SchemaObjectRef, StatementObjects } from '../../dialects/dialect.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { readTextIfExists } from '../../store/read-if-exists.js';
import { packageVersion } from '../../version.js';
import { cacheDisabled } from './desired-cache.js';
import { ensureLocalDirIgnored } from './gitignore.js';
import { localDir } from './local-dir.js';
import type { ProjectContext } from './project-context.js';
import { displayPath } from './shadow.js';
import { refuseUnmodelledInShadow, refuseUnsupportedStatements, type SchemaStatement } from './unmodelled-check.js';

/**
 * The incremental shadow (issue 19, goal 3). A shadow database is kept between runs, under
 * `.flash/local/shadow/` (PGlite's data directory) or as `flash_shadow_keep_<id>` on the `shadow_url`
 * server, together with `state.json`: the (file, sha256) list it was built from and, per statement,
 * the object it creates or the objects it alters. After an edit, only what changed reaches it:
 *
 * 1. the objects the old version of the changed files created are dropped, and so is every object
 *    the catalog says depends on them (pg_depend, transitively) — each of those is re-created by
 *    replaying the unchanged statement that created it, with the statements that alter it;
 * 2. the new statements of the changed files and those replays run in file order, with the same
 *    retry-until-no-progress rule as a full build, in one transaction (savepoints per statement);
 * 3. the shadow is introspected, checked for unmodelled objects and stamped, then committed.
 *
 * Anything it cannot account for is a full rebuild of the kept shadow instead: a statement whose
 * objects are not known from its text (functions, triggers, DO blocks, renames…), an object two
 * statements create, a dependent no statement created, a stamp that does not match the state, or a
 * first run. A failing statement rolls the transaction back (the kept state stays what it was) and is
 * reported like a full build reports it (E_SQL with file:line). Another Flash process holding the
 * kept shadow (a lock on state.json) means a throwaway shadow, as before.
 * FLASH_NO_CACHE=1 or FLASH_SHADOW_KEEP=0 turn it off.
 */

const FORMAT = 1;

interface StatementState {
  line: number;
  objects: StatementObjects;
}

interface FileState {
  file: string;
  hash: string;
  statements: StatementState[];
}

interface KeptState {
  format: number;
  flash: string;
  target: string;
  stamp: string;
  files: FileState[];
}

interface Script {
  file: string;
  sql: string;
}

/** Where the kept shadow would replay a statement: its file and index in that file. */
interface Ref {
  file: number;
  index: number;
}

export function keptShadowDisabled(env: NodeJS.ProcessEnv): boolean {
  const keep = env.FLASH_SHADOW_KEEP?.trim();
  return cacheDisabled(env) || keep === '0' || keep === 'false';
}

/** How the last desired schema was produced (tests and the benchmark read it from FLASH_SHADOW_REPORT). */
export type KeptOutcome = 'incremental' | 'full' | 'locked' | 'ineligible' | 'small';

/**
 * The desired schema of `scripts` (the db/schema files) through the kept shadow, or undefined when
 * this project cannot use one (the caller then uses a throwaway shadow).
 */
export async function desiredViaKeptShadow(
  pc: ProjectContext,
  scripts: Script[],
  target: string,
  apply: (conn: Connection, statements: SchemaStatement[]) => Promise<void>,
): Promise<Schema | undefined> {
  const support = pc.dialect.incrementalShadow;
  if (!support || keptShadowDisabled(pc.env)) return undefined;
  const shadowUrl = typeof pc.project.config.database.shadow_url === 'string' ? pc.project.config.database.shadow_url : undefined;
  if (!support.worthKeeping({ shadowUrl, sql: scripts.map((s) => s.sql), env: pc.env })) {
    appendReport(pc, 'small');
    return undefined;
  }
  const dir = path.join(localDir(pc.project), 'shadow');
  const stateFile = path.join(dir, 'state.json');
  const t0 = performance.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${Math.round(performance.now() - t0)}`);
  const files = scripts.map((s) => ({ ...s, rel: displayPath(pc, s.file), hash: sha256(s.sql) }));
  await ensureLocalDirIgnored(pc.project.dir);
  await fs.mkdir(dir, { recursive: true });
  const { lock } = await import('proper-lockfile');
  let release: () => Promise<void>;
  try {
    release = await lock(stateFile, { realpath: false, stale: 30_000, retries: 0, onCompromised: () => undefined });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      appendReport(pc, 'locked');
      return undefined;
    }
    throw err;
  }
  try {
    const old = await readState(stateFile, target);
    // Classify what changed (unchanged files keep their recorded classification).
    const known = new Map(old?.files.map((f) => [`${f.file}\0${f.hash}`, f]) ?? []);
    const fileStates: FileState[] = [];
    const splits = new Map<number, Array<{ sql: string; line: number }>>();
    for (const [i, f] of files.entries()) {
      const kept = known.get(`${f.rel}\0${f.hash}`);
      if (kept) {
        fileStates.push({ ...kept });
        continue;
      }
      const statements = pc.dialect.splitStatements(f.sql);
      splits.set(i, statements);
      const states: StatementState[] = [];
      for (const st of statements) {
        const objects = support.statementObjects(st.sql);
        if (!objects) {
          appendReport(pc, 'ineligible');
          return undefined;
        }
        states.push({ line: st.line, objects });
      }
      fileStates.push({ file: f.rel, hash: f.hash, statements: states });
    }
    if (!uniqueCreators(support, fileStates)) {
      appendReport(pc, 'ineligible');
      return undefined;
    }
    const statementsOf = (i: number) => {
      let s = splits.get(i);
      if (!s) splits.set(i, (s = pc.dialect.splitStatements(files[i].sql)));
      return s;
    };
    const schemaStatement = (r: Ref): SchemaStatement => ({
      file: files[r.file].file,
      line: fileStates[r.file].statements[r.index].line,
      sql: statementsOf(r.file)[r.index].sql,
    });
    mark('classified');
    const shadow = await support.openKept({ shadowUrl, dir, id: keptShadowId(pc) });
    mark('opened');
    const stamp = randomBytes(12).toString('hex');
    try {
      const why: string[] = [];
      const stampNow = old ? await support.readStamp(shadow.connection) : undefined;
      if (!old) why.push('no state');
      else if (stampNow !== old.stamp) why.push('stamp differs');
      const plan = old && stampNow === old.stamp ? await planIncremental(support, shadow.connection, old, fileStates, why) : undefined;
      mark('planned');
      let schema: Schema;
      let outcome: KeptOutcome;
      if (plan) {
        const newStatements = [...plan.changed].flatMap((i) => fileStates[i].statements.map((_, index) => ({ file: i, index })));
        refuseUnsupportedStatements(pc, newStatements.map(schemaStatement));
        const replay = [...plan.replay, ...newStatements].sort((a, b) => a.file - b.file || a.index - b.index).map(schemaStatement);
        schema = await inTransaction(support, shadow.connection, async (conn) => {
          await support.drop(conn, plan.drop);
          mark(`dropped ${plan.drop.length}`);
          await applyInSavepoints(support, conn, replay, apply);
          mark(`applied ${replay.length}`);
          await refuseUnmodelledInShadow(pc, conn, replay);
          const s = await pc.dialect.introspect(conn);
          mark('introspected');
          await support.writeStamp(conn, stamp);
          return s;
        });
        outcome = 'incremental';
      } else {
        schema = await fullRebuild(pc, support, shadow, fileStates, schemaStatement, stamp, apply);
        outcome = 'full';
        appendReport(pc, `# full: ${why.join('; ')}`);
      }
      await atomicWrite(
        stateFile,
        JSON.stringify({ format: FORMAT, flash: packageVersion(), target, stamp, files: fileStates } satisfies KeptState),
      );
      mark('state written');
      appendReport(pc, `# ms since start: ${marks.join(', ')}`);
      appendReport(pc, outcome);
      return schema;
    } finally {
      await shadow.close();
    }
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Unique to the project checkout (machine, directory, database): names the kept server database
 * `flash_shadow_keep_<id>`. The machine is part of it because a shadow server may be shared, and the
 * lock on state.json only keeps out processes of this machine.
 */
export function keptShadowId(pc: ProjectContext): string {
  return createHash('sha256')
    .update(`${os.hostname()}\0${path.resolve(pc.project.dir)}\0${pc.project.database?.name ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

/** A line for FLASH_SHADOW_REPORT (tests, the benchmark): written at once, the CLI may exit right after. */
function appendReport(pc: ProjectContext, line: string): void {
  const file = pc.env.FLASH_SHADOW_REPORT;
  if (!file) return;
  appendFileSync(file, line + '\n');
}

/**
 * The kept shadow's state, or undefined when there is none or it cannot be used (written by another
 * Flash version, for another target, or cut short): the caller then rebuilds. An unreadable file
 * (EACCES, EISDIR…) is E_UNREADABLE, not "no state".
 */
async function readState(file: string, target: string): Promise<KeptState | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  let state: KeptState;
  try {
    state = JSON.parse(text) as KeptState;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined; // a state file cut short is only a stale cache
    throw err;
  }
  return state !== null &&
    typeof state === 'object' &&
    state.format === FORMAT &&
    state.flash === packageVersion() &&
    state.target === target &&
    Array.isArray(state.files)
    ? state
    : undefined;
}

function uniqueCreators(support: IncrementalShadowSupport, files: FileState[]): boolean {
  const seen = new Set<string>();
  for (const f of files)
    for (const st of f.statements)
      for (const o of st.objects.creates) {
        const key = support.objectKey(o);
        if (seen.has(key)) return false;
        seen.add(key);
      }
  return true;
}

interface Plan {
  /** indexes (in the new file list) of the files whose statements all run */
  changed: Set<number>;
  /** unchanged statements replayed because what they create or alter is dropped */
  replay: Ref[];
  /** objects to drop, in the old creation order */
  drop: SchemaObjectRef[];
}

/**
 * What to drop and replay, or undefined (rebuild in full) when the catalog holds a dependent no
 * statement accounts for.
 */
async function planIncremental(
  support: IncrementalShadowSupport,
  conn: Connection,
  old: KeptState,
  now: FileState[],
  why: string[],
): Promise<Plan | undefined> {
  const oldByName = new Map(old.files.map((f) => [f.file, f]));
  const changed = new Set<number>();
  const unchanged = new Map<string, number>(); // file name -> index in `now`
  for (const [i, f] of now.entries()) {
    if (oldByName.get(f.file)?.hash === f.hash) unchanged.set(f.file, i);
    else changed.add(i);
  }
  const changedOld = old.files.filter((f) => unchanged.get(f.file) === undefined);
  // Who creates each object in the shadow now (old state), and who alters it, among unchanged files.
  const creator = new Map<string, Ref | 'changed'>();
  const attached = new Map<string, Ref[]>();
  for (const f of changedOld)
    for (const st of f.statements) for (const o of st.objects.creates) creator.set(support.objectKey(o), 'changed');
  for (const [, i] of unchanged)
    for (const [index, st] of now[i].statements.entries()) {
      for (const o of st.objects.creates) creator.set(support.objectKey(o), { file: i, index });
      for (const a of st.objects.attaches) {
        const key = support.objectKey(a);
        attached.set(key, [...(attached.get(key) ?? []), { file: i, index }]);
      }
    }
  const dropKeys = new Set<string>();
  const drop: Array<{ o: SchemaObjectRef; at: number }> = [];
  const replay = new Map<string, Ref>();
  const pending: SchemaObjectRef[] = [];
  const order = (r: Ref) => r.file * 1e6 + r.index;
  const dropObject = (o: SchemaObjectRef, at: number) => {
    const key = support.objectKey(o);
    if (dropKeys.has(key)) return;
    dropKeys.add(key);
    drop.push({ o, at });
    pending.push(o);
    for (const r of attached.get(key) ?? []) replay.set(`${r.file}:${r.index}`, r);
  };
  const recreated = new Set<string>();
  const recreate = (r: Ref) => {
    const k = `${r.file}:${r.index}`;
    if (recreated.has(k)) return;
    recreated.add(k);
    replay.set(k, r);
    for (const o of now[r.file].statements[r.index].objects.creates) dropObject(o, order(r));
  };
  const createdNow = new Set<string>();
  for (const i of changed) for (const st of now[i].statements) for (const o of st.objects.creates) createdNow.add(support.objectKey(o));
  /** An object a changed statement alters (or altered): it is rebuilt from scratch. False: nobody creates it. */
  const reset = (key: string): boolean => {
    const c = creator.get(key);
    if (c === undefined) return createdNow.has(key);
    if (c !== 'changed') recreate(c);
    return true;
  };
  let oldPos = -1;
  for (const f of changedOld)
    for (const st of f.statements) {
      oldPos++;
      for (const o of st.objects.creates) dropObject(o, -1e9 + oldPos);
    }
  for (const f of changedOld)
    for (const st of f.statements)
      for (const a of st.objects.attaches) if (!reset(support.objectKey(a))) return void why.push(`nobody creates ${support.objectKey(a)}`);
  for (const i of changed)
    for (const st of now[i].statements)
      for (const a of st.objects.attaches) if (!reset(support.objectKey(a))) return void why.push(`nobody creates ${support.objectKey(a)}`);
  // Follow the catalog's dependencies until nothing new must go.
  while (pending.length) {
    const roots = pending.splice(0);
    for (const d of await support.dependents(conn, roots)) {
      // TOAST tables and their indexes are internal parts of their table.
      if (d.internal || d.key?.startsWith('rel:pg_toast.')) continue;
      if (d.unknown) return void why.push('a dependent of an unknown kind');
      // A relation's row type (and its array type) has the relation's name: no standalone type can.
      const candidates = [d.key, d.parent].flatMap((k) => (k === undefined ? [] : k.startsWith('type:') ? [k, 'rel:' + k.slice(5)] : [k]));
      const owner = candidates.find((k) => creator.has(k) || dropKeys.has(k));
      if (!owner) return void why.push(`no statement creates dependent ${d.key} (${d.parent})`);
      if (dropKeys.has(owner)) continue;
      const c = creator.get(owner)!;
      if (c === 'changed') continue;
      recreate(c);
    }
  }
  drop.sort((a, b) => a.at - b.at);
  return { changed, replay: [...replay.values()], drop: drop.map((d) => d.o) };
}

async function inTransaction<T>(support: IncrementalShadowSupport, conn: Connection, fn: (conn: Connection) => Promise<T>): Promise<T> {
  await support.begin(conn);
  let result: T;
  try {
    result = await fn(conn);
  } catch (err) {
    await support.rollback(conn).catch(() => undefined);
    throw err;
  }
  await support.commit(conn);
  return result;
}

/**
 * The full build's rule (retry what fails while a pass makes progress; report the first statement
 * that still fails) inside the open transaction: each attempt in a savepoint.
 */
async function applyInSavepoints(
  support: IncrementalShadowSupport,
  conn: Connection,
  statements: SchemaStatement[],
  apply: (conn: Connection, statements: SchemaStatement[]) => Promise<void>,
): Promise<void> {
  const guarded: Connection = {
    ...conn,
    description: conn.description,
    query: (sql, params) => conn.query(sql, params),
    exec: async (sql) => {
      await support.tryExec(conn, sql);
    },
    transaction: (fn) => conn.transaction(fn),
    close: () => conn.close(),
  };
  await apply(guarded, statements);
}

async function fullRebuild(
  pc: ProjectContext,
  support: IncrementalShadowSupport,
  shadow: KeptShadow,
  files: FileState[],
  schemaStatement: (r: Ref) => SchemaStatement,
  stamp: string,
  apply: (conn: Connection, statements: SchemaStatement[]) => Promise<void>,
): Promise<Schema> {
  const all = files.flatMap((f, file) => f.statements.map((_, index) => schemaStatement({ file, index })));
  refuseUnsupportedStatements(pc, all);
  const conn = await shadow.reset();
  await apply(conn, all);
  await refuseUnmodelledInShadow(pc, conn, all);
  const schema = await pc.dialect.introspect(conn);
  await support.writeStamp(conn, stamp);
  return schema;
}
