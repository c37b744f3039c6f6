import type { Definition } from '../model/definitions.js';
import { privilegeGroup } from '../model/privileges.js';
import type { CrossConflict, MergeSides } from './cross-conflict.js';
import type { MergeContext } from './merge-context.js';
import { conflictKinds, type Side } from './merge-conflict.js';
import { sameValue } from './three-way.js';

/**
 * C010: privileges (core/model/privileges.ts) merge one privilege at a time, so two branches granting
 * different privileges to one grantee combine. What does not combine is intent on the same object and
 * grantee: one side revokes a privilege the other still has while the other grants one — the first
 * wants the role to lose access, the second to gain it. `ours`/`theirs` keeps that side's privileges
 * of the pair.
 */
export function privilegeConflicts(ctx: MergeContext, sides: MergeSides): CrossConflict[] {
  const groups = (side: Side | 'base' | 'merged') => {
    const out = new Map<string, Map<string, Definition>>();
    for (const d of sides[side].definitions.values()) {
      const g = privilegeGroup(d);
      if (g === undefined) continue;
      let m = out.get(g);
      if (!m) out.set(g, (m = new Map<string, Definition>()));
      m.set(d.name, d);
    }
    return out;
  };
  const base = groups('base');
  const ours = groups('ours');
  const theirs = groups('theirs');
  if (base.size + ours.size + theirs.size === 0) return [];
  const merged = groups('merged');
  const empty = new Map<string, Definition>();
  const out: CrossConflict[] = [];
  for (const g of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(g) ?? empty;
    const o = ours.get(g) ?? empty;
    const t = theirs.get(g) ?? empty;
    const paths = [...new Set([...b.keys(), ...o.keys(), ...t.keys()])].sort();
    if (paths.some((p) => ctx.conflictPaths.has(p))) continue;
    // Settled (a resolution took one side's privileges of the pair): the merge holds exactly that side's.
    const m = merged.get(g) ?? empty;
    if (sameGroup(m, o) || sameGroup(m, t)) continue;
    // revoked by one side only (the other keeps it as it was)
    const revokes = (mine: Map<string, Definition>, other: Map<string, Definition>) =>
      [...b.keys()].filter((n) => !mine.has(n) && sameValue(other.get(n), b.get(n)));
    // granted (or changed) by one side only
    const grants = (mine: Map<string, Definition>, other: Map<string, Definition>) =>
      [...mine.entries()].filter(([n, d]) => !sameValue(d, b.get(n)) && !sameValue(d, other.get(n))).map(([n]) => n);
    const oursRevokes = revokes(o, t);
    const theirsRevokes = revokes(t, o);
    const oursGrants = grants(o, t);
    const theirsGrants = grants(t, o);
    const revoker: Side | undefined =
      oursRevokes.length > 0 && theirsGrants.length > 0 ? 'ours' : theirsRevokes.length > 0 && oursGrants.length > 0 ? 'theirs' : undefined;
    if (!revoker) continue;
    const granter: Side = revoker === 'ours' ? 'theirs' : 'ours';
    const revoked = (revoker === 'ours' ? oursRevokes : theirsRevokes).map(label);
    const granted = (granter === 'ours' ? oursGrants : theirsGrants).map(label);
    const path = `privileges:${g}`;
    const did = { [revoker]: `revokes ${revoked.join(', ')}`, [granter]: `grants ${granted.join(', ')}` } as Record<Side, string>;
    out.push({
      conflict: {
        code: 'C010',
        kind: conflictKinds.C010,
        path,
        message: `${revoker} revokes ${revoked.join(', ')} while ${granter} grants ${granted.join(', ')} (${g})`,
        objectKind: 'definition',
        base: [...b.values()].map((d) => d.definition),
        ours: did.ours,
        theirs: did.theirs,
        related: paths,
        resolutions: ['ours', 'theirs'],
      },
      forces: { ours: paths.map((p) => ({ path: p, side: 'ours' })), theirs: paths.map((p) => ({ path: p, side: 'theirs' })) },
    });
  }
  return out;
}

function sameGroup(a: Map<string, Definition>, b: Map<string, Definition>): boolean {
  return a.size === b.size && [...a].every(([n, d]) => sameValue(d, b.get(n)));
}

/** `privilege:SELECT on table users to r` → `SELECT on table users to r`. */
function label(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
