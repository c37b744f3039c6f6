import type { Renames } from '../core/diff/renames.js';
import { renameCandidates, type RenameCandidate } from '../core/lint/rename-hints.js';
import { slugify } from '../core/plan/migration-file.js';
import { loadChain, schemaAt, type Chain } from './project/chain.js';
import { appendMigration, sqlText } from './project/append-migration.js';
import { desiredSchema } from './project/desired-schema.js';
import { recordGenerated } from './project/generated-migrations.js';
import { checkData, lintPlan, type DataFinding, type LintFinding } from './project/lint-report.js';
import type { ProjectContext } from './project/project-context.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import { planChange, type ChangePlan } from './project/plan-change.js';

export interface MigrateOptions {
  name?: string;
  createOnly?: boolean;
  renames?: Renames;
  /**
   * Asked for each drop + add pair that looks like a rename (lint L009) when the user gave no --rename
   * for it: the TTY's interactive choice. Never called in CI; without it the pair stays a drop + add.
   */
  confirmRename?: (candidate: RenameCandidate) => Promise<boolean>;
  /** run data-aware checks against the live database when it is reachable (default true) */
  dataChecks?: boolean;
  now?: Date;
}

export interface MigrateResult {
  written: boolean;
  /** migration name (file name without .sql) */
  name?: string;
  file?: string;
  from: string;
  to: string;
  up: string[];
  down: string[];
  findings: LintFinding[];
  data: DataFinding[];
  notes: string[];
}

/**
 * `flash migrate`: desired = db/schema on a shadow, current = the chain's expected snapshot (from
 * the store, no database needed), up = render(diff(current, desired)), down = render(diff(desired,
 * current)). Writes the file, the snapshot object and the lock line — nothing when there is no change.
 */
export async function migrate(pc: ProjectContext, options: MigrateOptions = {}): Promise<MigrateResult> {
  await assertNoMergeInProgress(pc.store.root);
  const chain = await loadChain(pc, { seal: true });
  const current = await schemaAt(pc, chain, chain.expected);
  const notes = [...chain.notes];
  if (options.createOnly) {
    const written = await writeMigration(pc, chain, options, { from: chain.expected, to: chain.expected, up: '', down: '' });
    return { written: true, ...written, from: chain.expected, to: chain.expected, up: [], down: [], findings: [], data: [], notes };
  }
  const desired = await desiredSchema(pc);
  let renames = options.renames;
  let plan = planChange(pc, current, desired, renames);
  if (options.confirmRename) {
    const accepted = await askRenames(plan, options.confirmRename);
    if (accepted.length) {
      renames = mergeRenames(renames, accepted);
      plan = planChange(pc, current, desired, renames);
    }
  }
  const { ops, downOps, up, down, result } = plan;
  if (ops.length === 0) {
    return { written: false, from: chain.expected, to: chain.expected, up: [], down: [], findings: [], data: [], notes };
  }
  const findings = lintPlan(pc, ops, up, current, result);
  const downFindings = lintPlan(pc, downOps, down, result, current, 'down').filter((f) => f.severity !== 'info');
  const data = options.dataChecks === false ? { findings: [], notes: [] } : await checkData(pc, ops, current, result);
  notes.push(...data.notes);
  const to = await pc.store.put(result);
  const terminator = pc.dialect.capabilities.statementTerminator;
  const upSql = sqlText(up, terminator);
  const downSql = [...downWarnings(downFindings), sqlText(down, terminator)].filter(Boolean).join('\n');
  const written = await writeMigration(pc, chain, options, { from: chain.expected, to, up: upSql, down: downSql });
  return {
    written: true,
    ...written,
    from: chain.expected,
    to,
    up: up.map((s) => s.sql),
    down: down.map((s) => s.sql),
    findings,
    data: data.findings,
    notes,
  };
}

export type { RenameCandidate };

async function askRenames(plan: ChangePlan, confirm: (c: RenameCandidate) => Promise<boolean>): Promise<RenameCandidate[]> {
  const accepted: RenameCandidate[] = [];
  for (const candidate of renameCandidates(plan.ops)) if (await confirm(candidate)) accepted.push(candidate);
  return accepted;
}

function mergeRenames(renames: Renames | undefined, accepted: RenameCandidate[]): Renames {
  const out = { tables: { ...(renames?.tables ?? {}) }, columns: { ...(renames?.columns ?? {}) } };
  for (const c of accepted) (c.kind === 'table' ? out.tables : out.columns)[c.from] = c.to;
  return out;
}

/** Honest comment lines at the top of the Down section when reverting loses data. */
function downWarnings(findings: LintFinding[]): string[] {
  if (findings.length === 0) return [];
  return ['-- WARNING: running this Down section is not lossless:', ...findings.map((f) => `--   [${f.code}] ${f.message}`)];
}

async function writeMigration(
  pc: ProjectContext,
  chain: Chain,
  options: MigrateOptions,
  body: { from: string; to: string; up: string; down: string },
): Promise<{ name: string; file: string }> {
  const title = options.name?.trim() || 'migration';
  const m = await appendMigration(
    pc,
    chain.migrations.map((x) => x.lock),
    { title, slug: slugify(title), ...body, ...(options.now ? { now: options.now } : {}) },
  );
  await recordGenerated(pc, m.name, m.text);
  return { name: m.name, file: m.file };
}
