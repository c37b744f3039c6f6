import { isFlashError } from '../../src/errors.js';
import { currentDatabaseUrl } from '../../src/api/project/branch-databases.js';
import { redactUrl } from '../../src/core/redact.js';
import { currentBranch } from '../../src/git/current-branch.js';
import { findRepo } from '../../src/git/repo.js';
import type { ProjectContext } from '../../src/api/project/project-context.js';
import { loadChain, schemaAt, type Chain } from '../../src/api/project/chain.js';
import { status } from '../../src/api/status.js';
import { planChange } from '../../src/api/project/plan-change.js';
import { lintPlan } from '../../src/api/project/lint-report.js';
import { formatChangeLine } from '../../src/core/diff/describe-operation.js';
import type { DashboardData, LintFinding } from '../data-source.js';
import { readMergeConflicts } from './merge-state.js';

/**
 * Everything the dashboard shows, gathered so that one unreadable part (no git, database down, broken
 * chain) becomes a line under "problems" instead of hiding the rest.
 */
export async function loadDashboard(pc: ProjectContext): Promise<DashboardData> {
  const problems: string[] = [];
  let gitBranch: string | undefined;
  try {
    gitBranch = await currentBranch(await findRepo(pc.project.dir));
    if (!gitBranch) problems.push('HEAD is detached: no current branch.');
  } catch (err) {
    problems.push(oneLine(err));
  }
  // The checked-out branch's database, as the commands resolve it (never `.env` after a failed switch),
  // and as written (`file:./dev.db`), not as resolved for opening.
  const url = await currentDatabaseUrl(pc).catch((err: unknown) => {
    if (isFlashError(err)) return undefined; // no URL, a stale branch database: shown as unknown, a bug surfaces
    throw err;
  });
  let chain: Chain | undefined;
  try {
    chain = await loadChain(pc);
  } catch (err) {
    problems.push(oneLine(err));
  }
  const data: DashboardData = {
    projectDir: pc.project.dir,
    provider: pc.provider,
    ...(gitBranch ? { gitBranch } : {}),
    ...(url ? { database: redactUrl(url) } : {}),
    expectedHash: chain?.expected ?? '',
    pending: [],
    modified: [],
    driftDetails: [],
    lint: [],
    conflicts: 0,
    problems,
  };
  if (!url) problems.push(`${pc.project.config.database.url_env} is not set (environment or .env).`);
  else if (chain) {
    try {
      const report = await status(pc);
      data.liveHash = report.live;
      data.applied = report.migrations.filter((m) => m.state === 'applied' || m.state === 'modified').length;
      data.pending = report.migrations
        .filter((m) => m.state === 'pending' || m.state === 'unsealed' || m.state === 'partial')
        .map((m) => m.name);
      data.modified = report.migrations.filter((m) => m.state === 'modified' || m.modifiedSinceLock).map((m) => m.name);
      data.drift = report.drift.length > 0;
      data.driftDetails = report.drift.map(formatChangeLine);
      for (const name of report.unknownApplied) problems.push(`${name} is applied to the database but is not in this branch's migrations.`);
      data.lint = await lintMigrations(pc, chain, data.pending);
    } catch (err) {
      problems.push(`database not read: ${oneLine(err)}`);
    }
  }
  try {
    data.conflicts = (await readMergeConflicts(pc)).items.filter((c) => c.resolutions.length > 0 && !c.resolved).length;
  } catch (err) {
    problems.push(oneLine(err));
  }
  return data;
}

/** Lint of the named chain migrations, from their from/to snapshots (no database needed). */
export async function lintMigrations(pc: ProjectContext, chain: Chain, names: string[]): Promise<LintFinding[]> {
  const out: LintFinding[] = [];
  for (const m of chain.migrations.filter((x) => names.includes(x.name))) {
    const from = await schemaAt(pc, chain, m.lock.from);
    const to = await schemaAt(pc, chain, m.lock.to);
    const plan = planChange(pc, from, to);
    for (const f of lintPlan(pc, plan.ops, plan.up, from, to)) {
      out.push({
        code: f.code,
        severity: f.severity,
        message: names.length > 1 ? `${m.name}: ${f.message}` : f.message,
        ...(f.object ? { object: f.object } : {}),
      });
    }
  }
  return out;
}

function oneLine(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}
