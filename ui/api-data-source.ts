import { loadProject } from '../src/config/load-config.js';
import { FlashError } from '../src/errors.js';
import type { Schema } from '../src/core/model/schema.js';
import { openProject, type ProjectContext } from '../src/api/project/project-context.js';
import { loadChain, schemaAt, type Chain } from '../src/api/project/chain.js';
import { status, type MigrationStatus } from '../src/api/status.js';
import { applyPending } from '../src/api/apply.js';
import { down } from '../src/api/down.js';
import { resolveRef } from '../src/api/diff.js';
import { planChange } from '../src/api/project/plan-change.js';
import { listBranchDatabases } from '../src/api/branch-list.js';
import { checkoutBranch } from '../src/api/checkout.js';
import { createBranch } from '../src/api/branch-create.js';
import { deleteBranch } from '../src/api/branch-delete.js';
import { parseMigrationFile } from '../src/core/plan/migration-file.js';
import type {
  ActionResult,
  BranchEntry,
  ConfirmListener,
  ConflictSet,
  DashboardData,
  DiffTarget,
  FlashDataSource,
  MigrationDetail,
  MigrationEntry,
  ProgressListener,
  ResolutionChoice,
  SchemaDiff,
} from './data-source.js';
import { lintMigrations, loadDashboard } from './api/dashboard.js';
import { snapshotOnBranch } from './api/branch-snapshot.js';
import { readMergeConflicts, resolveMergeConflict } from './api/merge-state.js';

const BRANCH_PREFIX = 'branch:';

/** The TUI's data seam implemented on the real project in `dir`, through src/api. Every call re-reads the project. */
export function createApiDataSource(dir: string): FlashDataSource {
  const project = () => openProject(dir);

  return {
    async loadDashboard(): Promise<DashboardData> {
      return loadDashboard(await project());
    },

    async listBranches(): Promise<BranchEntry[]> {
      const listing = await listBranchDatabases(await loadProject(dir));
      return listing.map((b) => ({
        name: b.branch,
        current: b.current,
        ...(b.database ? { database: b.database } : {}),
        expectedHash: b.expected,
        state: b.state,
      }));
    },

    async checkout(name: string, onProgress: ProgressListener, confirm?: ConfirmListener): Promise<ActionResult> {
      onProgress({ message: `git checkout ${name}`, done: 0, total: 2 });
      const { switch: result } = await checkoutBranch(dir, {
        branch: name,
        yes: false,
        ...(confirm ? { confirm } : {}),
        onDatabaseSwitch: () => onProgress({ message: `switching the database to ${name}'s schema`, done: 1, total: 2 }),
        progress: (line) => onProgress({ message: line, done: 1, total: 2 }),
      });
      onProgress({ message: 'done', done: 2, total: 2 });
      const what =
        result.action === 'applied'
          ? `applied ${result.applied.length} migration(s)`
          : result.action === 'reconciled'
            ? `reconciled ${result.changes.length} change(s)`
            : 'schema already matched';
      return { notes: [`switched to ${name}; database ${result.database}; ${what}`, ...result.notes] };
    },

    async createBranch(name: string, onProgress: ProgressListener): Promise<ActionResult> {
      onProgress({ message: `creating ${name} with a copy of the current database` });
      const r = await createBranch(await project(), name);
      return { notes: [`Switched to a new branch ${r.branch}; database ${r.database} (copy of ${r.from}'s, data included).`] };
    },

    async deleteBranch(name: string): Promise<ActionResult> {
      // The branches screen has asked its own confirmation.
      const r = await deleteBranch(await project(), name, { yes: true });
      const dropped = r.outcome === 'deleted' && r.dropped;
      return {
        notes: [
          dropped ? `Dropped ${r.database} (branch ${r.branch}).` : `Forgot branch ${r.branch}; its database ${r.database} did not exist.`,
        ],
      };
    },

    async listMigrations(): Promise<MigrationEntry[]> {
      const pc = await project();
      try {
        return (await status(pc)).migrations.map(toEntry);
      } catch (err) {
        // The files are still worth browsing when the database is down or a branch switch did not finish.
        if (!(err instanceof FlashError) || (err.code !== 'E_DB_CONNECT' && err.code !== 'E_BRANCH_DB_STALE')) throw err;
        const chain = await loadChain(pc);
        return [...chain.migrations.map((m) => m.name), ...chain.unsealed].map((name) => ({ name, state: 'unknown' as const }));
      }
    },

    async migrationDetail(name: string): Promise<MigrationDetail> {
      const pc = await project();
      const chain = await loadChain(pc);
      const m = chain.migrations.find((x) => x.name === name);
      if (!m) {
        const { promises: fs } = await import('node:fs');
        const path = await import('node:path');
        const file = path.join(pc.project.migrationsDir, `${name}.sql`);
        const parsed = parseMigrationFile(name, await fs.readFile(file, 'utf8'), pc.dialect.capabilities.quoteSyntax);
        return { name, up: parsed.up, down: parsed.down, lint: [] };
      }
      return { name, up: m.parsed.up, down: m.parsed.down, lint: await lintMigrations(pc, chain, [name]) };
    },

    async applyPending(onProgress: ProgressListener): Promise<ActionResult> {
      const pc = await project();
      const total = (await status(pc)).migrations.filter((m) => m.state !== 'applied' && m.state !== 'modified').length;
      let done = 0;
      onProgress({ message: 'taking the migration lock', done, total });
      const result = await applyPending(pc, {
        onWait: () => onProgress({ message: 'waiting for another flash apply to finish', done, total }),
        onProgress: (e) => {
          if (e.phase === 'done') done++;
          onProgress({
            message: `${e.phase === 'done' ? 'applied' : e.phase === 'resume' ? 'resuming' : 'applying'} ${e.migration}`,
            done,
            total,
          });
        },
      });
      return {
        notes: [
          result.applied.length ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}` : 'nothing to apply',
          ...result.notes,
        ],
      };
    },

    async down(steps: number, onProgress: ProgressListener, confirm?: ConfirmListener): Promise<ActionResult> {
      const pc = await project();
      let done = 0;
      const result = await down(pc, {
        steps,
        ...(confirm ? { confirm } : {}),
        onProgress: (e) => {
          if (e.phase === 'done') done++;
          onProgress({ message: `${e.phase === 'done' ? 'reverted' : 'reverting'} ${e.migration}`, done, total: steps });
        },
      });
      return { notes: [result.reverted.length ? `reverted ${result.reverted.join(', ')}` : 'nothing to revert'] };
    },

    async diffTargets(): Promise<DiffTarget[]> {
      const targets: DiffTarget[] = [
        { id: 'expected', label: 'expected (end of this branch’s migrations)' },
        { id: 'schema', label: 'db/schema (working files)' },
        { id: 'live', label: 'live database' },
        { id: 'empty', label: 'empty schema' },
      ];
      try {
        for (const b of await listBranchDatabases(await loadProject(dir)))
          targets.push({ id: BRANCH_PREFIX + b.branch, label: `branch ${b.branch}${b.current ? ' (current)' : ''}` });
      } catch {
        /* not a git repository: the special refs still work */
      }
      return targets;
    },

    async schemaDiff(from: string, to: string): Promise<SchemaDiff> {
      const pc = await project();
      const chain = await loadChain(pc);
      const [a, b] = [await schemaOf(pc, chain, from), await schemaOf(pc, chain, to)];
      const plan = planChange(pc, a, b);
      return { fromLabel: from, toLabel: to, operations: plan.ops, fromSql: pc.dialect.renderSchema(a), toSql: pc.dialect.renderSchema(b) };
    },

    async conflicts(): Promise<ConflictSet> {
      return readMergeConflicts(await project());
    },

    async resolve(path: string, choice: ResolutionChoice): Promise<ActionResult> {
      return resolveMergeConflict(await project(), path, choice);
    },
  };
}

async function schemaOf(pc: ProjectContext, chain: Chain, id: string): Promise<Schema> {
  if (!id.startsWith(BRANCH_PREFIX)) return (await resolveRef(pc, chain, id)).schema;
  const branch = id.slice(BRANCH_PREFIX.length);
  const listing = (await listBranchDatabases(pc.project)).find((b) => b.branch === branch);
  if (!listing) throw new FlashError('E_UNKNOWN_BRANCH', `There is no git branch "${branch}".`, 'Refresh the list.');
  return listing.expected === chain.emptyHash ? schemaAt(pc, chain, listing.expected) : snapshotOnBranch(pc, branch, listing.expected);
}

function toEntry(m: MigrationStatus): MigrationEntry {
  const state = m.state === 'partial' || (m.state === 'pending' && m.error) ? 'failed' : m.state === 'unsealed' ? 'pending' : m.state;
  return { name: m.name, state, ...(m.appliedAt ? { appliedAt: m.appliedAt } : {}) };
}
