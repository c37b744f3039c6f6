import type { Operation } from '../../core/diff/operations.js';
import type { RenderContext } from '../dialect.js';
import type { Plan } from './rebuild-plan.js';

/**
 * Triggers are not operations of the diff; the renderer keeps them in step from the two schemas. A
 * trigger of a kept table that is new or whose text changed is dropped first and created after every
 * table change (rebuilt and created tables get theirs with the table). Only runs with other changes:
 * an Operation[] that is empty renders nothing.
 */
export function triggerChanges(ops: Operation[], ctx: RenderContext, plan: Plan): { drops: string[]; creates: string[] } {
  const drops: string[] = [];
  const creates: string[] = [];
  if (ops.length === 0) return { drops, creates };
  const renamedTo = new Map<string, string>();
  for (const op of ops) if (op.kind === 'renameTable') renamedTo.set(op.to.toLowerCase(), op.from.toLowerCase());
  const fromTables = new Map(ctx.from.tables.map((t) => [t.name.toLowerCase(), t]));
  const rebuilt = new Set(plan.rebuilds.map((r) => r.target.name.toLowerCase()));
  for (const table of ctx.to.tables) {
    const key = table.name.toLowerCase();
    if (plan.created.has(key)) continue;
    const old = fromTables.get(renamedTo.get(key) ?? key);
    if (!old) continue;
    const before = new Map((old.triggers ?? []).map((t) => [t.name, t.definition]));
    const after = new Map((table.triggers ?? []).map((t) => [t.name, t.definition]));
    for (const [name, definition] of before) if (after.get(name) !== definition) drops.push(name);
    if (rebuilt.has(key)) continue;
    for (const [name, definition] of after) if (before.get(name) !== definition) creates.push(definition);
  }
  return { drops, creates };
}
