import type { CliContext } from '../context.js';
import type { Project } from '../../config/load-config.js';
import { listBranchDatabases } from '../../api/branch-list.js';

export async function listBranchesCommand(project: Project, ctx: CliContext): Promise<number> {
  const rows = await listBranchDatabases(project);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, branches: rows }));
    return 0;
  }
  const width = Math.max(6, ...rows.map((r) => r.branch.length));
  const dbWidth = Math.max(8, ...rows.map((r) => (r.database ?? '-').length));
  ctx.out(`  ${'branch'.padEnd(width)}  ${'database'.padEnd(dbWidth)}  expected      database at   state`);
  for (const r of rows) {
    ctx.out(
      `${r.current ? '*' : ' '} ${r.branch.padEnd(width)}  ${(r.database ?? '-').padEnd(dbWidth)}  ${r.expected.slice(0, 12)}  ${(r.recorded ?? '-').slice(0, 12).padEnd(12)}  ${r.state}`,
    );
  }
  return 0;
}
