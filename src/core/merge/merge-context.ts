import type { Provider } from '../model/schema.js';
import { conflictKinds, type ConflictCode, type MergeConflict, type Resolution } from './merge-conflict.js';
import { owningTableCandidates } from './object-path.js';

/** Everything one merge pass shares: the forced decisions it must obey and the conflicts it finds. */
export class MergeContext {
  readonly conflicts: MergeConflict[] = [];
  readonly warnings: MergeConflict[] = [];
  /** Paths already in conflict, so cross-object checks do not report the same object twice. */
  readonly conflictPaths = new Set<string>();
  private readonly warningKeys = new Set<string>();
  private readonly forcedOwners: Set<string>;

  constructor(
    readonly provider: Provider,
    private readonly forced: ReadonlyMap<string, Resolution>,
  ) {
    this.forcedOwners = owningTableCandidates(forced.keys());
  }

  forcedAt(path: string): Resolution | undefined {
    return this.forced.get(path);
  }

  /** True when a resolution names a member of this table (column, index, …). */
  hasForcedMembers(table: string): boolean {
    return this.forcedOwners.has(table);
  }

  conflict(code: ConflictCode, fields: Omit<MergeConflict, 'code' | 'kind'>): MergeConflict {
    const c: MergeConflict = { code, kind: conflictKinds[code], ...fields };
    this.conflicts.push(c);
    this.conflictPaths.add(c.path);
    return c;
  }

  warn(code: ConflictCode, fields: Omit<MergeConflict, 'code' | 'kind' | 'resolutions'>): void {
    const key = `${code}\u0000${fields.path}\u0000${fields.message}`;
    if (this.warningKeys.has(key)) return;
    this.warningKeys.add(key);
    this.warnings.push({ code, kind: conflictKinds[code], ...fields, resolutions: [] });
  }
}
