import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { parseMigrationFile } from '../core/plan/migration-file.js';
import { loadChain, schemaAt } from './project/chain.js';
import { lintPlan } from './project/lint-report.js';
import { planChange } from './project/plan-change.js';
import type { ProjectContext } from './project/project-context.js';

export interface MigrationDetail {
  name: string;
  up: string;
  down: string;
  /** the lint of the change the migration makes (from its sealed from/to snapshots); empty for an unsealed file */
  lint: Array<{ code: string; severity: string; message: string; object?: string }>;
}

/** One migration's Up and Down sections and its lint findings, from the files and the store (no database). */
export async function migrationDetail(pc: ProjectContext, name: string): Promise<MigrationDetail> {
  const chain = await loadChain(pc);
  const m = chain.migrations.find((x) => x.name === name);
  if (m) {
    const from = await schemaAt(pc, chain, m.lock.from);
    const to = await schemaAt(pc, chain, m.lock.to);
    const plan = planChange(pc, from, to);
    const lint = lintPlan(pc, plan.ops, plan.up, from, to).map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      ...(f.object ? { object: f.object } : {}),
    }));
    return { name, up: m.parsed.up, down: m.parsed.down, lint };
  }
  // not in flash.lock yet (a --create-only file): its text, nothing to lint against
  const file = path.join(pc.project.migrationsDir, `${path.basename(name)}.sql`);
  try {
    const parsed = parseMigrationFile(name, await fs.readFile(file, 'utf8'), pc.dialect.capabilities.quoteSyntax);
    return { name, up: parsed.up, down: parsed.down, lint: [] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FlashError('E_USAGE', `No migration named ${name}.`, 'Pick one from the migrations list (flash status).');
    throw err;
  }
}
