import { conflictKinds, type ConflictCode, type MergeConflict, type MergeTraits, type Resolution, type Side } from './merge-conflict.js';
import { owningTableCandidates } from './object-path.js';

/** Everything one merge pass shares: the forced decisions it must obey and the conflicts it finds. */
export class MergeContext {
  readonly conflicts: MergeConflict[] = [];
  readonly warnings: MergeConflict[] = [];
  /** Paths already in conflict, so cross-object checks do not report the same object twice. */
  readonly conflictPaths = new Set<string>();
  /** Per table, the columns some side has that the merge left out (for text dependencies on them). */
  readonly droppedColumns = new Map<string, string[]>();
  /** Tables some side has that the merge left out. */
  readonly droppedTables: string[] = [];
  private readonly warningKeys = new Set<string>();
  private readonly forcedOwners: Set<string>;

  /**
   * `resolutions`: the user's choices, by conflict path (for an attribute conflict, the side whose
   * conflicting attributes win). `wholes`: decisions derived from cross-object resolutions, which
   * take one side's entire version of an object (keep a dropped table, drop a new index).
   */
  constructor(
    readonly traits: MergeTraits,
    private readonly resolutions: ReadonlyMap<string, Resolution>,
    private readonly wholes: ReadonlyMap<string, Side> = new Map(),
  ) {
    this.forcedOwners = owningTableCandidates([...resolutions.keys(), ...wholes.keys()]);
  }

  forcedAt(path: string): Resolution | undefined {
    return this.resolutions.get(path);
  }

  /** The side whose whole version of this object must be taken, if a cross-object resolution says so. */
  wholeAt(path: string): Side | undefined {
    return this.wholes.get(path);
  }

  /** True when a resolution names a member of this table (column, index, …). */
  hasForcedMembers(table: string): boolean {
    return this.forcedOwners.has(table);
  }

  noteDroppedColumn(table: string, column: string): void {
    const list = this.droppedColumns.get(table);
    if (list) list.push(column);
    else this.droppedColumns.set(table, [column]);
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
