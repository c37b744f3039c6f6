import type { Operation } from '../src/core/diff/operations.js';

/**
 * The one seam between the TUI and Flash: screens read and change the project only through this
 * interface. `api-data-source.ts` implements it on top of `src/api`; tests use an in-memory one.
 * Everything here is plain data so the screens can be driven by keystrokes in tests.
 */
export interface FlashDataSource {
  loadDashboard(): Promise<DashboardData>;

  listBranches(): Promise<BranchEntry[]>;
  /** `confirm` is asked before a data-losing database reconciliation; without it such a switch is refused. */
  checkout(name: string, onProgress: ProgressListener, confirm?: ConfirmListener): Promise<ActionResult>;
  createBranch(name: string, onProgress: ProgressListener): Promise<ActionResult>;
  deleteBranch(name: string): Promise<ActionResult>;

  listMigrations(): Promise<MigrationEntry[]>;
  migrationDetail(name: string): Promise<MigrationDetail>;
  applyPending(onProgress: ProgressListener): Promise<ActionResult>;
  /** `confirm` is asked before a Down that loses data (like `flash down --yes`); without it such a Down is refused. */
  down(steps: number, onProgress: ProgressListener, confirm?: ConfirmListener): Promise<ActionResult>;

  /** Refs the schema diff can compare: branches, the working `db/schema`, the live database… */
  diffTargets(): Promise<DiffTarget[]>;
  schemaDiff(from: string, to: string): Promise<SchemaDiff>;

  conflicts(): Promise<ConflictSet>;
  resolve(path: string, choice: ResolutionChoice): Promise<ActionResult>;
}

export type Severity = 'error' | 'warning' | 'info';

export interface LintFinding {
  code: string;
  severity: Severity;
  message: string;
  /** the object the finding concerns (`users.email`), when known */
  object?: string;
}

export interface DashboardData {
  projectDir: string;
  provider: string;
  /** undefined: detached HEAD or not a git repository (see `problems`) */
  gitBranch?: string;
  /** the dev database URL with any password removed */
  database?: string;
  expectedHash: string;
  /** undefined when the live database could not be read */
  liveHash?: string;
  /** undefined: unknown (database not read); `pending` is then empty because it is unknown too */
  applied?: number;
  pending: string[];
  modified: string[];
  /** undefined: unknown (database unreachable) */
  drift?: boolean;
  driftDetails: string[];
  lint: LintFinding[];
  /** unresolved merge conflicts recorded in `.flash/MERGE_CONFLICTS.json` */
  conflicts: number;
  /** what could not be read, one sentence each (e.g. the database is down) */
  problems: string[];
}

export type BranchState = 'in sync' | 'needs migrations' | 'drift' | 'no db yet';

export interface BranchEntry {
  name: string;
  current: boolean;
  database?: string;
  expectedHash?: string;
  state: BranchState;
}

/** `unknown`: the database could not be read, so only the files are known */
export type MigrationState = 'applied' | 'pending' | 'modified' | 'failed' | 'unknown';

export interface MigrationEntry {
  name: string;
  state: MigrationState;
  appliedAt?: string;
}

export interface MigrationDetail {
  name: string;
  up: string;
  down: string;
  lint: LintFinding[];
}

export interface DiffTarget {
  /** what `schemaDiff` takes */
  id: string;
  label: string;
}

export interface SchemaDiff {
  fromLabel: string;
  toLabel: string;
  operations: Operation[];
  /** both schemas rendered as DDL, for the line-level view */
  fromSql: string;
  toSql: string;
}

export type ResolutionChoice = 'ours' | 'theirs' | 'both';

export interface ConflictItem {
  code: string;
  kind: string;
  path: string;
  message: string;
  objectKind?: string;
  /** the object as each side has it; null/undefined when absent on that side, a string for descriptions */
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
  /** empty for warnings */
  resolutions: ResolutionChoice[];
  /** already chosen (an earlier session or `flash resolve`) */
  resolved?: ResolutionChoice;
}

export interface ConflictSet {
  /** the branch being merged in, when a merge is in progress */
  merging?: string;
  items: ConflictItem[];
}

export interface ProgressEvent {
  message: string;
  done?: number;
  total?: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** A yes/no question asked in the middle of an action (the screen shows a dialog). */
export type ConfirmListener = (question: string) => Promise<boolean>;

/** What an action did, one line each, for the screen's status line. */
export interface ActionResult {
  notes: string[];
}
