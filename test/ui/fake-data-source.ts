import { FlashError } from '../../src/errors.js';
import type {
  ActionResult,
  BranchEntry,
  ConfirmListener,
  ConflictSet,
  DashboardData,
  DiffTarget,
  FlashDataSource,
  MigrationDetail,
  MigrationEntry,
  ProgressListener,
  ResolutionChoice,
  SchemaDiff,
} from '../../ui/data-source.js';
import type { Schema } from '../../src/core/model/schema.js';

/**
 * The UI's own seam, in memory: a tiny project whose state changes when the screens act on it, so
 * keystroke tests can check both the frames and what the UI asked for.
 */
export class FakeDataSource implements FlashDataSource {
  calls: string[] = [];
  branches: BranchEntry[] = [
    { name: 'main', current: true, database: 'file:./dev.db', expectedHash: 'a'.repeat(64), state: 'in sync' },
    {
      name: 'feature',
      current: false,
      database: 'file:./.flash/local/db/feature.db',
      expectedHash: 'b'.repeat(64),
      state: 'needs migrations',
    },
    { name: 'old', current: false, state: 'no db yet' },
  ];
  migrations: MigrationEntry[] = [
    { name: '20260101000000_init', state: 'applied', appliedAt: '2026-01-01 00:00' },
    { name: '20260102000000_add_bio', state: 'pending' },
    { name: '20260103000000_add_index', state: 'pending' },
  ];
  conflictSet: ConflictSet = {
    merging: 'feature',
    items: [
      {
        code: 'C002',
        kind: 'both-modified-different',
        path: 'users.email',
        message: 'both sides changed the type of users.email',
        objectKind: 'column',
        base: { name: 'email', type: 'text', family: 'text', nullable: true },
        ours: { name: 'email', type: 'varchar(255)', family: 'text', nullable: true },
        theirs: { name: 'email', type: 'varchar(320)', family: 'text', nullable: false },
        resolutions: ['ours', 'theirs'],
      },
      {
        code: 'W001',
        kind: 'constraint-vs-data',
        path: 'users.name',
        message: 'ours adds NOT NULL while theirs migration updates the data',
        resolutions: [],
      },
      {
        code: 'C001',
        kind: 'both-added-different',
        path: 'posts#index:by_title',
        message: 'both sides added index by_title differently',
        base: null,
        ours: 'index by_title (title)',
        theirs: 'index by_title (title, created_at)',
        resolutions: ['ours', 'theirs', 'both'],
      },
    ],
  };
  resolved: Array<[string, ResolutionChoice]> = [];
  /** when set, the next action of that name rejects with this error */
  failNext: Partial<Record<string, Error>> = {};
  /** checkout asks before losing data (and fails when told no) */
  lossyCheckout = false;
  /** actions wait on this gate when set, so tests can look at the progress frame */
  gate?: Promise<void>;

  private async act(name: string): Promise<void> {
    this.calls.push(name);
    if (this.gate) await this.gate;
    const fail = this.failNext[name.split(' ')[0]];
    if (fail) {
      delete this.failNext[name.split(' ')[0]];
      throw fail;
    }
  }

  async loadDashboard(): Promise<DashboardData> {
    this.calls.push('loadDashboard');
    const current = this.branches.find((b) => b.current);
    return {
      projectDir: '/tmp/shop',
      provider: 'sqlite',
      gitBranch: current?.name,
      database: current?.database,
      expectedHash: 'a'.repeat(64),
      liveHash: 'c'.repeat(64),
      applied: this.migrations.filter((m) => m.state === 'applied').length,
      pending: this.migrations.filter((m) => m.state === 'pending').map((m) => m.name),
      modified: [],
      drift: true,
      driftDetails: ['+ table audit_log'],
      lint: [{ code: 'L001', severity: 'warning', message: 'drops column users.legacy (data loss)', object: 'users.legacy' }],
      conflicts: this.conflictSet.items.filter((c) => c.resolutions.length > 0).length,
      problems: [],
    };
  }

  async listBranches(): Promise<BranchEntry[]> {
    return this.branches.map((b) => ({ ...b }));
  }

  async checkout(name: string, onProgress: ProgressListener, confirm?: ConfirmListener): Promise<ActionResult> {
    onProgress({ message: `git checkout ${name}` });
    await this.act(`checkout ${name}`);
    if (this.lossyCheckout) {
      const question = `Switching the database to ${name}'s schema would lose data (drop column users.bio). Continue?`;
      if (!confirm || !(await confirm(question)))
        throw new FlashError(
          'E_DATA_LOSS',
          `Bringing ${name}'s database to its schema would lose data.`,
          `Run \`flash checkout ${name} --yes\` to accept it.`,
        );
      this.calls.push('confirmed data loss');
    }
    onProgress({ message: `switching database`, done: 1, total: 2 });
    if (!this.branches.some((b) => b.name === name)) throw new FlashError('E_UNKNOWN_BRANCH', `There is no git branch "${name}".`);
    for (const b of this.branches) b.current = b.name === name;
    return { notes: [`switched to ${name}`] };
  }

  async createBranch(name: string, onProgress: ProgressListener): Promise<ActionResult> {
    onProgress({ message: `copying database for ${name}` });
    await this.act(`create ${name}`);
    if (this.branches.some((b) => b.name === name))
      throw new FlashError(
        'E_BRANCH_EXISTS',
        `A git branch named "${name}" already exists.`,
        `Switch to it with \`flash checkout ${name}\`.`,
      );
    for (const b of this.branches) b.current = false;
    this.branches.push({ name, current: true, database: `file:./.flash/local/db/${name}.db`, state: 'in sync' });
    return { notes: [`created ${name}`] };
  }

  async deleteBranch(name: string): Promise<ActionResult> {
    await this.act(`delete ${name}`);
    // Like `flash branch delete`: the database is dropped, the git branch stays.
    this.branches = this.branches.map((b) => (b.name === name ? { name, current: false, state: 'no db yet' } : b));
    return { notes: [`dropped the database of ${name}`] };
  }

  async listMigrations(): Promise<MigrationEntry[]> {
    return this.migrations.map((m) => ({ ...m }));
  }

  async migrationDetail(name: string): Promise<MigrationDetail> {
    this.calls.push(`detail ${name}`);
    return {
      name,
      up: `-- add the bio column\nALTER TABLE users ADD COLUMN bio text DEFAULT 'none';\nCREATE INDEX users_bio ON users (bio);`,
      down: `DROP INDEX users_bio;\nALTER TABLE users DROP COLUMN bio;`,
      lint: [{ code: 'L010', severity: 'warning', message: 'Down drops column users.bio (data loss)', object: 'users.bio' }],
    };
  }

  async applyPending(onProgress: ProgressListener): Promise<ActionResult> {
    const pending = this.migrations.filter((m) => m.state === 'pending');
    onProgress({ message: `applying ${pending[0]?.name}`, done: 0, total: pending.length });
    await this.act('apply');
    pending.forEach((m, i) => {
      m.state = 'applied';
      onProgress({ message: `applied ${m.name}`, done: i + 1, total: pending.length });
    });
    return { notes: [`applied ${pending.length} migrations`] };
  }

  async down(steps: number, onProgress: ProgressListener): Promise<ActionResult> {
    onProgress({ message: 'reverting', done: 0, total: steps });
    await this.act(`down ${steps}`);
    const applied = this.migrations.filter((m) => m.state === 'applied').slice(-steps);
    for (const m of applied) m.state = 'pending';
    return { notes: applied.map((m) => `reverted ${m.name}`) };
  }

  async diffTargets(): Promise<DiffTarget[]> {
    return [
      { id: 'main', label: 'branch main' },
      { id: 'feature', label: 'branch feature' },
      { id: 'schema', label: 'db/schema (working)' },
    ];
  }

  async schemaDiff(from: string, to: string): Promise<SchemaDiff> {
    this.calls.push(`diff ${from} ${to}`);
    const users = {
      name: 'users',
      columns: [{ name: 'id', type: 'integer', family: 'integer' as const, nullable: false }],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    return {
      fromLabel: from,
      toLabel: to,
      operations: [
        { kind: 'addColumn', table: 'users', column: { name: 'bio', type: 'text', family: 'text', nullable: true } },
        { kind: 'createIndex', table: 'users', index: { name: 'users_bio', elements: [{ column: 'bio' }], unique: false } },
        { kind: 'createTable', table: { ...users, name: 'posts' } },
        { kind: 'dropTable', table: { ...users, name: 'legacy' } },
      ],
      fromSql: 'CREATE TABLE users (\n  id integer NOT NULL\n);\nCREATE TABLE legacy (\n  id integer NOT NULL\n);',
      toSql: 'CREATE TABLE users (\n  id integer NOT NULL,\n  bio text\n);\nCREATE TABLE posts (\n  id integer NOT NULL\n);',
    };
  }

  async conflicts(): Promise<ConflictSet> {
    return this.conflictSet;
  }

  async resolve(path: string, choice: ResolutionChoice): Promise<ActionResult> {
    await this.act(`resolve ${path} ${choice}`);
    this.resolved.push([path, choice]);
    return { notes: [`${path}: kept ${choice}`] };
  }
}

export type { Schema };
