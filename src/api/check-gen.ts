/**
 * `flash check` runs `flash gen --check` when the project generates clients (a gen target is enabled
 * and db/queries holds query files): committed generated code that differs from what `flash gen`
 * writes is an error (E_GEN_STALE), and so is a query that no longer prepares (E_QUERY).
 */
import path from 'node:path';
import { FlashError } from '../errors.js';
import { genTargets } from '../config/gen-config.js';
import { gen } from './gen.js';
import { queryFiles } from './gen-queries.js';
import type { ProjectContext } from './project-context.js';
import type { CheckFinding } from './check.js';

export async function checkGenerated(pc: ProjectContext, findings: CheckFinding[], rel: (file: string) => string): Promise<void> {
  if (!pc.dialect.queries || genTargets(pc.project.config, pc.project.dir).length === 0) return;
  if ((await queryFiles(pc.project.queriesDir)).length === 0) return;
  let report;
  try {
    report = await gen(pc, { check: true });
  } catch (err) {
    if (!(err instanceof FlashError) || err.code !== 'E_QUERY') throw err;
    const data = err.data as { file?: string; line?: number } | undefined;
    findings.push({
      severity: 'error',
      code: 'E_QUERY',
      message: data?.file ? err.message.replace(`${data.file}:${data.line}: `, '') : err.message,
      file: data?.file ? rel(path.join(pc.project.dir, data.file)) : undefined,
      line: data?.line,
    });
    return;
  }
  for (const f of report.files.filter((x) => x.state === 'stale')) {
    findings.push({
      severity: 'error',
      code: 'E_GEN_STALE',
      message: `missing or stale: it differs from what \`flash gen\` writes for db/queries and db/schema; run \`flash gen\` and commit the result.`,
      file: rel(path.resolve(pc.project.dir, f.path)),
    });
  }
}
