import type { ForeignKey, Table } from '../model/schema.js';

export type EdgeFilter = (table: Table, fk: ForeignKey) => boolean;

export interface CycleEdge {
  table: string;
  fk: string;
  references: string;
}

/**
 * Tables parents-first (Kahn's algorithm; ties by name so the order is deterministic). Only the
 * edges `follow` accepts count; the caller has already refused or broken every cycle among them.
 */
export function insertionOrder(tables: Table[], follow: EdgeFilter): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map<string, Set<string>>();
  for (const t of tables) {
    parents.set(
      t.name,
      new Set(
        t.foreignKeys
          .filter((fk) => follow(t, fk) && byName.has(fk.referencedTable) && fk.referencedTable !== t.name)
          .map((fk) => fk.referencedTable),
      ),
    );
  }
  const done = new Set<string>();
  const out: Table[] = [];
  while (out.length < tables.length) {
    const ready = [...byName.keys()].filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p))).sort();
    if (ready.length === 0) break; // a cycle: foreignKeyCycles reports it
    for (const n of ready) {
      done.add(n);
      out.push(byName.get(n)!);
    }
  }
  return out;
}

/**
 * Foreign-key cycles among `tables` over the followed edges: each strongly connected component of
 * more than one table, or a table referencing itself, listed as its edges (Tarjan's algorithm).
 */
export function foreignKeyCycles(tables: Table[], follow: EdgeFilter): CycleEdge[][] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const edges = (t: Table) => t.foreignKeys.filter((fk) => follow(t, fk) && byName.has(fk.referencedTable));
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (name: string): void => {
    idx.set(name, index);
    low.set(name, index++);
    stack.push(name);
    onStack.add(name);
    for (const fk of edges(byName.get(name)!)) {
      const p = fk.referencedTable;
      if (!idx.has(p)) {
        visit(p);
        low.set(name, Math.min(low.get(name)!, low.get(p)!));
      } else if (onStack.has(p)) low.set(name, Math.min(low.get(name)!, idx.get(p)!));
    }
    if (low.get(name) === idx.get(name)) {
      const comp: string[] = [];
      let n: string;
      do {
        n = stack.pop()!;
        onStack.delete(n);
        comp.push(n);
      } while (n !== name);
      components.push(comp);
    }
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) if (!idx.has(t.name)) visit(t.name);
  const cycles: CycleEdge[][] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const inner = comp.sort().flatMap((n) =>
      edges(byName.get(n)!)
        .filter((fk) => members.has(fk.referencedTable) && (comp.length > 1 || fk.referencedTable === n))
        .map((fk) => ({ table: n, fk: fk.name, references: fk.referencedTable })),
    );
    if (inner.length > 0) cycles.push(inner);
  }
  return cycles;
}
