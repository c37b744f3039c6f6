import { FlashError } from '../errors.js';
import { emptySchema, type Schema } from '../core/model/schema.js';
import { diffSchemas } from '../core/diff/diff.js';
import { lossyOperations } from '../core/diff/data-loss.js';
import { chainPosition } from '../core/branch/branch-sync-state.js';
import { describeLoss } from '../core/branch/describe-changes.js';
import { describeOperation, formatChangeLine } from '../core/diff/describe-operation.js';
import { rankCopySources } from '../core/branch/nearest-database.js';
import { redactUrl } from '../core/redact.js';
import { snapshotId } from '../core/snapshot/hash.js';
import { liveIsAt } from './project/recorded-match.js';
import type { Connection } from '../dialects/dialect.js';
import { applyPending } from './apply.js';
import { loadChain, type Chain } from './project/chain.js';
import { updateBranches, type BranchesFile } from './project/branch-state.js';
import { createdBranchUrl, sameUrl } from './project/branch-urls.js';
import {
  branchUrl,
  copyDatabase,
  databaseExists,
  ensureBranchesFile,
  openableUrl,
  recordHash,
  recordedHash,
} from './project/branch-databases.js';
import { publishUrl } from './project/env-file.js';
import { isTracked } from '../git/branches.js';
import { closeQuietly, type ProjectContext } from './project/project-context.js';
import { reconcileTracking, trackingIsChainPrefixAt, trackingMatchesChain } from './project/branch-tracking.js';
import { readTracking, type TrackingRow } from './project/tracking.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import { runMigrationStatements, StatementFailure } from './project/transaction-split.js';

export interface BranchSwitchOptions {
  /** The branch now checked out, whose database must match its flash.lock. */
  branch: string;
  /** The branch we came from: its database is the preferred copy source, and owns the configured URL on first use. */
  previousBranch?: string;
  /** Accept data-losing reconciliation without asking. */
  yes: boolean;
  /** Ask the user (TTY only); absent → data loss is refused with E_DATA_LOSS. */
  confirm?: (question: string) => Promise<boolean>;
  progress?: (line: string) => void;
}

export interface BranchSwitchResult {
  branch: string;
  /** Printable URL (password hidden). */
  database: string;
  created?: { copiedFrom?: string };
  action: 'none' | 'applied' | 'reconciled';
  applied: string[];
  changes: string[];
  from: string;
  to: string;
  notes: string[];
}

/**
 * Make the checked-out branch's dev database match the branch: create it as a copy of the nearest
 * database if it has none, then either apply its pending migrations (the database is on the branch's
 * chain) or reconcile by diffing the two snapshots from the store (it is not — another branch's
 * schema, or edited history), which needs no down migration. Finally record the hash and publish the
 * URL in `.env`.
 */
export async function switchBranchDatabase(pc: ProjectContext, opts: BranchSwitchOptions): Promise<BranchSwitchResult> {
  await assertNoMergeInProgress(pc.store.root, { anyGitMerge: true });
  const chain = await loadChain(pc);
  const file = await ensureBranchesFile(pc, opts.previousBranch ?? opts.branch);
  const notes: string[] = [];
  const url = branchUrl(pc, file, opts.branch);
  let created: BranchSwitchResult['created'];
  if (!file.branches[opts.branch] || !(await databaseExists(pc, url))) {
    const copiedFrom = await createBranchDatabase(pc, file, opts, url, chain);
    // The entry is written from the file on disk: an environment override of the server is not persisted
    // (the name of the database created is).
    await updateBranches(pc.project, (current) => {
      if (current)
        current.branches[opts.branch] = {
          url: createdBranchUrl(pc, current, opts.branch, url),
          ...(copiedFrom ? { copiedFrom } : {}),
          createdAt: new Date().toISOString(),
        };
    });
    created = copiedFrom ? { copiedFrom } : {};
    opts.progress?.(
      copiedFrom ? `created database ${redactUrl(url)} as a copy of ${copiedFrom}'s` : `created empty database ${redactUrl(url)}`,
    );
  }
  const result = await bringToExpected(pc, opts, url, chain);
  await recordHash(pc, url, result.to);
  if (
    (await publishUrl(pc.project.dir, pc.project.config.database.url_env, url, opts.branch)) &&
    (await isTracked(pc.project.dir, '.env'))
  ) {
    notes.push(
      '.env is tracked by git, and Flash rewrites its database line on every branch switch: add .env to .gitignore (git rm --cached .env).',
    );
  }
  const urlEnv = pc.project.config.database.url_env;
  const override = process.env[urlEnv];
  if (override && !sameUrl(override, url))
    notes.push(
      `${urlEnv} is set in your environment and names another database than ${opts.branch}'s; Flash follows the branch, your app follows the variable: run \`export ${urlEnv}="$(flash url)"\`.`,
    );
  return { branch: opts.branch, database: redactUrl(url), ...(created ? { created } : {}), ...result, notes: [...result.notes, ...notes] };
}

/** Copy the best existing database into `url`; an empty database when there is none to copy. Returns the source branch. */
async function createBranchDatabase(
  pc: ProjectContext,
  file: BranchesFile,
  opts: BranchSwitchOptions,
  url: string,
  chain: Chain,
): Promise<string | undefined> {
  const candidates = [];
  for (const branch of Object.keys(file.branches)) {
    if (branch === opts.branch) continue;
    candidates.push({ branch, recorded: await recordedHash(pc, branchUrl(pc, file, branch)) });
  }
  const prefer = [opts.previousBranch, file.homeBranch].filter((b): b is string => Boolean(b));
  for (const source of rankCopySources(
    candidates,
    chain.migrations.map((m) => m.lock),
    chain.emptyHash,
    prefer,
  )) {
    const sourceUrl = branchUrl(pc, file, source.branch);
    if (!(await databaseExists(pc, sourceUrl))) continue;
    await copyDatabase(pc, sourceUrl, url);
    if (source.recorded) await recordHash(pc, url, source.recorded);
    return source.branch;
  }
  await pc.dialect.databases.create(openableUrl(pc, url));
  await recordHash(pc, url, chain.emptyHash);
  return undefined;
}

async function bringToExpected(
  pc: ProjectContext,
  opts: BranchSwitchOptions,
  url: string,
  chain: Chain,
): Promise<Omit<BranchSwitchResult, 'branch' | 'database' | 'created'>> {
  let from = await recordedHash(pc, url);
  let live: Schema | undefined;
  if (from === undefined) {
    // Never recorded (a database Flash did not create or apply to): look at what it really is.
    live = await withConnection(pc, url, (conn) => pc.dialect.introspect(conn));
    from = snapshotId(live);
  }
  const to = chain.expected;
  // the branch's snapshot as an earlier Flash spelled it is where this database already is
  if (live && from !== to && (await liveIsAt(pc, chain, live, to))) from = to;
  if (from === to) {
    const aligned = await alignTracking(pc, url, chain, chain.migrations.length, opts.branch, (rows) => trackingMatchesChain(rows, chain));
    return {
      action: 'none',
      applied: [],
      changes: [],
      from,
      to,
      notes: aligned
        ? [
            `${opts.branch}'s database already had its schema (by another branch's migrations); its tracking table now lists ${opts.branch}'s`,
          ]
        : [],
    };
  }

  const position = chainPosition(
    chain.migrations.map((m) => m.lock),
    from,
    chain.emptyHash,
  );
  if (position >= 0) {
    // Same as at the head: a copy that reached this state by other migrations runs the rest of this chain.
    await alignTracking(pc, url, chain, position, opts.branch, (rows) => trackingIsChainPrefixAt(rows, chain, from));
    opts.progress?.(`applying ${opts.branch}'s pending migrations`);
    const applied = await applyPending({ ...pc, databaseUrl: openableUrl(pc, url) });
    return { action: 'applied', applied: applied.applied, changes: [], from, to: applied.snapshot, notes: applied.notes };
  }

  const fromSchema = live ?? (await schemaAt(pc, from)) ?? (await withConnection(pc, url, (conn) => pc.dialect.introspect(conn)));
  const toSchema = to === chain.emptyHash ? emptySchema(pc.provider) : await pc.store.get(to);
  const ops = diffSchemas(fromSchema, toSchema, { traits: pc.dialect.traits });
  const changes = ops.map((op) => formatChangeLine(describeOperation(op)));
  const lossy = lossyOperations(ops).map((i) => describeLoss(ops[i]));
  // A database just copied for the branch is asked about like any other: the rows are the user's data too.
  if (lossy.length && !opts.yes) {
    const question = `Switching the database to ${opts.branch}'s schema would lose data: it ${lossy.join('; ')}. Continue?`;
    if (!opts.confirm || !(await opts.confirm(question))) {
      throw new FlashError(
        'E_DATA_LOSS',
        `Bringing ${opts.branch}'s database to its schema would lose data: it ${lossy.join('; ')}.`,
        `Run \`flash checkout ${opts.branch} --yes\` to accept it.`,
        { data: { branch: opts.branch, lossy } },
      );
    }
  }
  opts.progress?.(`reconciling ${opts.branch}'s database: ${changes.length} change(s)`);
  const statements = pc.dialect.render(ops, { from: fromSchema, to: toSchema });
  await withConnection(pc, url, async (conn) => {
    await conn.exec(pc.dialect.trackingTableDdl());
    // A grant to a role this server lacks: refused before anything runs.
    await pc.dialect.checkPrerequisites?.(
      conn,
      statements.map((s) => s.sql),
    );
    const release = await pc.dialect.acquireLock(conn);
    try {
      try {
        await runMigrationStatements(pc.dialect, conn, statements, {
          transactional: pc.dialect.capabilities.transactionalDdl,
          run: (sql) => conn.exec(sql),
          finish: () => reconcileTracking(conn, chain, `reconciled to ${opts.branch} (${to.slice(0, 12)}) by a branch switch`),
        });
      } catch (err) {
        throw err instanceof StatementFailure ? err.failure : err;
      }
    } finally {
      await release();
    }
  });
  return { action: 'reconciled', applied: [], changes, from, to, notes: [] };
}

/**
 * A database at one of the branch's states can have got there by another branch's migrations: a copy
 * of a branch that added t1 and dropped it again has the same hash as a branch that never added it, and
 * a copy carries its source's tracking table. Left as it is, `status` shows the other branch's
 * migrations applied, this branch's pending, and drift against the other history; `apply` would run
 * them. The schema is right, so only the tracking rows are rewritten to the chain's first `position`
 * migrations, unless `consistent` accepts them. Returns whether it rewrote them.
 */
async function alignTracking(
  pc: ProjectContext,
  url: string,
  chain: Chain,
  position: number,
  branch: string,
  consistent: (rows: TrackingRow[]) => boolean,
): Promise<boolean> {
  return withConnection(pc, url, async (conn) => {
    if (consistent(await readTracking(conn, { tableMayBeMissing: true }))) return false;
    await conn.exec(pc.dialect.trackingTableDdl());
    const release = await pc.dialect.acquireLock(conn);
    try {
      const prefix = { ...chain, migrations: chain.migrations.slice(0, position) };
      await conn.transaction(() => reconcileTracking(conn, prefix, `recorded as ${branch}'s history by a branch switch (same schema)`));
    } finally {
      await release();
    }
    return true;
  });
}

async function schemaAt(pc: ProjectContext, hash: string): Promise<Schema | undefined> {
  if (hash === snapshotId(emptySchema(pc.provider))) return emptySchema(pc.provider);
  // The object may belong to a branch that is not checked out: then the live database is the truth.
  return (await pc.store.has(hash)) ? pc.store.get(hash) : undefined;
}

async function withConnection<T>(pc: ProjectContext, url: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pc.dialect.connect(openableUrl(pc, url));
  try {
    return await fn(conn);
  } finally {
    await closeQuietly(conn);
  }
}
