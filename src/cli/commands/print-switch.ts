import type { BranchSwitchResult } from '../../api/branch-switch.js';

/** What a branch switch did, a few lines (to stderr from hooks, stdout from `flash checkout`). */
export function printSwitch(r: BranchSwitchResult, write: (line: string) => void, prefix = ''): void {
  if (r.created)
    write(`${prefix}created ${r.database} for ${r.branch}${r.created.copiedFrom ? ` (copy of ${r.created.copiedFrom}'s database)` : ''}`);
  if (r.action === 'applied') write(`${prefix}applied ${r.applied.length} migration(s) to ${r.branch}'s database: ${r.applied.join(', ')}`);
  if (r.action === 'reconciled') {
    write(`${prefix}reconciled ${r.branch}'s database ${r.from.slice(0, 12)} → ${r.to.slice(0, 12)}:`);
    for (const c of r.changes) write(`${prefix}  ${c}`);
  }
  for (const n of r.notes) write(`${prefix}note: ${n}`);
}
