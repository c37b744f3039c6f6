import { Command, CommanderError, Option } from 'commander';
import { createContext, type CommandHandler } from './context.js';
import { reportError } from './report-error.js';
import { AUDITED_COMMANDS } from './audited-commands.js';
import { packageVersion } from '../version.js';

/**
 * Commander wiring only. Each command's handler lives in ./commands/<name>.js and is imported when
 * that command runs, so `flash --version` and the git hooks' fast path load no driver, no ink/react.
 */
async function runHandler(name: string, args: string[], options: Record<string, unknown>, program: Command): Promise<void> {
  const globals = program.opts<{ cwd?: string; json?: boolean; yes?: boolean; db?: string }>();
  const ctx = createContext({ ...globals, json: Boolean(globals.json || options.json), yes: Boolean(globals.yes || options.yes) });
  const started = performance.now();
  let failure: unknown;
  try {
    // --db picks one database of a [[databases]] project; loadProject reads it from FLASH_DB.
    if (globals.db !== undefined) process.env.FLASH_DB = globals.db;
    const mod = (await import(`./commands/${name}.js`)) as { default: CommandHandler };
    const each = !ctx.json && !process.env.FLASH_DB && PER_DATABASE_COMMANDS.has(name) ? await declaredDatabases(ctx.cwd) : undefined;
    if (!each) {
      const code = await mod.default(args, options, ctx);
      process.exitCode = typeof code === 'number' ? code : 0;
    } else {
      // A [[databases]] project without --db: one database after the other, each under its name; stop at the first failure.
      for (const db of each) {
        ctx.out(`== database ${db} ==`);
        process.env.FLASH_DB = db;
        const code = await mod.default(args, options, ctx);
        process.exitCode = typeof code === 'number' ? code : 0;
        if (process.exitCode !== 0) break;
      }
    }
  } catch (err) {
    failure = err;
    process.exitCode = reportError(err, ctx.json);
  }
  // Reached on success and failure alike: every audited run leaves its line.
  if (AUDITED_COMMANDS.has(name)) await (await import('./audit-command.js')).auditCommand(name, ctx, started, failure);
}

/** Commands that work on one database of a [[databases]] project; without --db they run for each in turn. */
const PER_DATABASE_COMMANDS = new Set(['migrate', 'apply', 'down', 'status', 'diff', 'pull', 'reset', 'adopt', 'config', 'url']);

/** The database names of a [[databases]] project, or undefined (single database, or a config error the command reports). */
async function declaredDatabases(cwd: string): Promise<string[] | undefined> {
  const { loadProject } = await import('../config/load-config.js');
  const { isFlashError } = await import('../errors.js');
  try {
    await loadProject(cwd);
    return undefined;
  } catch (err) {
    if (isFlashError(err) && err.code === 'E_MULTI_DB' && Array.isArray(err.data?.databases)) return err.data.databases as string[];
    return undefined;
  }
}

export function buildProgram(): Command {
  const program = new Command('flash');
  program
    .description(
      'Git-integrated schema versioning: content-addressed snapshots, generated migrations, per-branch dev databases, three-way schema merge.',
    )
    .version(packageVersion(), '-v, --version')
    .option('--cwd <dir>', 'project directory (default: current directory)')
    .option('--json', 'machine-readable output')
    .option('--db <name>', 'in a project with several [[databases]]: the database to run on (also FLASH_DB)')
    .option('-y, --yes', 'answer yes to confirmations (required for destructive actions when not in a TTY)')
    .showHelpAfterError('(run `flash --help` for usage)')
    .exitOverride()
    // A positional argument a command does not take is an error, never ignored (inherited by every command).
    .allowExcessArguments(false);

  const cmd = (spec: string, description: string, handler = spec.split(' ')[0]) => {
    const c = program.command(spec).description(description);
    c.action(async (...raw: unknown[]) => {
      const options = raw.at(-2) as Record<string, unknown>;
      const args = raw
        .slice(0, -2)
        .flat()
        .filter((a): a is string => typeof a === 'string');
      await runHandler(handler, args, options, program);
    });
    return c;
  };

  cmd('init', 'create flash.config.json, db/ folders and the .flash store')
    .addOption(new Option('--postgresql', 'PostgreSQL project'))
    .addOption(new Option('--mysql', 'MySQL/MariaDB project'))
    .addOption(new Option('--sqlite', 'SQLite project (default URL file:./dev.db)'))
    .addOption(new Option('--mongodb', 'MongoDB project'));
  cmd('config', 'show the resolved configuration (provider, database URL without password, folders)');
  cmd('fsck', 'verify every object and ref in the .flash store');
  cmd('demo', 'run the whole Flash story in a temp directory on embedded databases').option(
    '--keep',
    'keep the temp directory and print its path',
  );
  cmd('pull', 'introspect the live database into db/schema and record its snapshot')
    .option('--no-verify', 'skip checking the files on a shadow database before writing them (faster on large schemas)')
    .option('--skip-unsupported', 'pull even though the database holds objects Flash does not model, and list what is left out')
    .option('--into <file>', 'write the whole schema to this one file in db/schema (pull may overwrite it)')
    .addHelpText(
      'after',
      '\nWrites each object back to the db/schema file that defines it, new objects to db/schema/schema.sql,\n' +
        'and stores the snapshot. Files pull writes start with a `-- flash:pulled <hash>` line; a file without\n' +
        'it (or edited since) is yours: pull rewrites or removes it only with --yes or a confirmation. So that\n' +
        '`flash migrate` then reports no changes, the chain is made to end at the pulled snapshot:\n' +
        '  - no migrations yet: writes db/migrations/00000000000000_baseline.sql (empty → pulled schema) and\n' +
        '    records it as already applied in this database; other databases get it with `flash apply`;\n' +
        '  - all migrations applied but the database differs: writes <timestamp>_pull.sql with the difference,\n' +
        '    recorded as applied here;\n' +
        '  - migrations pending in this database: refused (run `flash apply` first).\n' +
        'Before anything is written, the planned db/schema is applied to a shadow database and compared with\n' +
        'the live one; a difference is E_PULL_VERIFY naming the objects, and nothing is written.\n' +
        '--no-verify skips that check (the next `flash migrate` shows any difference as a change).',
    );
  cmd('migrate [name]', 'diff db/schema against the current snapshot and write a migration')
    .option('--create-only', 'write an empty migration to fill in by hand')
    .option('--rename <mapping...>', 'declare renames: table.old=new (column) or old=new (table)')
    .option(
      '--undo-last',
      'discard the last migration (file and lock line) while it is neither committed nor applied; an edited file needs --yes',
    );
  cmd('apply', 'apply pending migrations')
    .option('--dry-run', 'print the SQL without running it')
    .option('--allow-changed', 'apply even if an applied migration file changed on disk')
    .option(
      '--mark-applied <migration>',
      'record <migration> (and earlier pending ones) as applied without running it; refused unless the database already matches its result',
    );
  cmd(
    'adopt',
    'take over a database migrated by Flash ORM: check it against db/migrations, seal them, convert _flash_migrations keeping its history',
  ).alias('baseline');
  cmd('down', 'revert the last applied migrations using their Down sections (asks, or needs --yes, when that loses data)')
    .option('-s, --steps <n>', 'how many migrations to revert', '1')
    .option('--allow-changed', 'revert even if a migration file changed on disk after being applied');
  cmd('status', 'applied / pending / changed migrations and drift');
  cmd('reset', 'drop and rebuild the dev database from migrations');
  branchCommands(
    cmd(
      'branch [name]',
      'create a git branch named <name> and its dev database (copy of the current one, data included) and switch to it; without <name>: list',
    ).option('--schema-only', "the new branch's database gets the schema and no rows (migrations applied to an empty database)"),
    program,
  );
  cmd('checkout <branch>', 'switch the git branch and the dev database that backs it');
  cmd('url', "print the current branch's database URL");
  cmd('gen', 'typed clients (TypeScript, Python, Go) from db/queries/*.sql, typed by the engine against db/schema').option(
    '--check',
    'write nothing; exit 1 when the generated files are stale (for CI)',
  );
  cmd('hooks <action>', 'install or uninstall the post-checkout/post-merge git hooks (install|uninstall)');
  cmd('hook <name> [args...]', 'internal: run by the git hooks that `flash hooks install` writes');
  cmd(
    'tui',
    'interactive terminal UI: dashboard, branches, migrations and schema diff, conflict resolution (plain dashboard when not a TTY)',
  ).option('--screen <name>', 'open this screen first: dashboard|branches|migrations|diff|conflicts');
  cmd(
    'diff [refs...]',
    'schema diff between two refs/snapshots (default: expected snapshot vs db/schema); refs: snapshot id or prefix, .flash/refs name, migration name, expected, schema, live, empty',
  ).option('--sql', 'print SQL instead of a summary');

  cmd('studio', 'local web UI: browse and edit data, run SQL, the ER diagram, migrations and branches')
    .option('--port <port>', 'port to listen on (0: any free port)', '5555')
    .option('--host <host>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .option('--open', 'open the URL in the default browser');
  cmd('export', 'stream table rows to files (json, csv or one sqlite file) with a manifest of row counts and sha256')
    .option('--format <format>', 'json | csv | sqlite', 'json')
    .option('--tables <list>', 'comma-separated tables (default: all)')
    .option('--out <dir>', 'output directory (default: export_path of the config, db/export)');
  cmd('backup', 'write the schema snapshot, every row and the migration records to one checksummed file').option(
    '--out <file>',
    'backup file (default: db/backups/<database>-<time>.flash-backup.gz)',
  );
  cmd('restore <file>', 'verify a backup, then load it into the database (empty, or dropped and recreated with --yes)');
  cmd('seed', 'insert realistic fake rows (FK order, UNIQUE, CHECK ranges/lists, enums) and run db/seeds/*.sql|*.json')
    .option('-n, --count <n>', 'generated rows per table (0: only the seed files)', '10')
    .option('-t, --table <name...>', 'generate rows only for these tables (comma-separated or repeated)')
    .option('--seed <n>', 'faker seed: same seed, same database state → same rows')
    .option('--no-files', 'do not run db/seeds/*.sql|*.json (they run on every `flash seed` otherwise)');
  cmd('raw [file]', 'run SQL on the current branch\'s database: -q "<sql>" or a .sql file of statements')
    .option('-q, --query <sql>', 'the SQL to run')
    .option('--csv', 'CSV output (the default when stdout is not a terminal)')
    .option('--table', 'aligned table output (the default in a terminal)')
    .addHelpText(
      'after',
      '\nWith database.production = true in the config, writes are refused unless --yes is given\n(the session is read-only, so the server itself rejects them). --json prints every result set.',
    );
  cmd('log', 'the audit log: who applied, reverted, reset, switched, merged or resolved what, when, on which database')
    .option('--db-side', 'read the _flash_audit table of the current database (PostgreSQL, MySQL) instead of .flash/local/audit.log')
    .option('-n, --limit <n>', 'most recent entries', '100');
  cmd(
    'add-plug <name>',
    'install a plugin (flash-plugin-<name>, @scope/flash-plugin-<name>, a .tgz or a directory) into the project and register it',
  );
  cmd('rm-plug <name>', 'unregister and uninstall a plugin (asks, or --yes)');
  cmd('plugins', 'list the registered plugins and their commands');
  cmd('check', 'CI gate for a pull request: replay, checksums, hash chain, missing migrations, three-way merge with the base branch, lint')
    .option('--base <ref>', "branch or commit to compare with (default: origin's default branch, else main)")
    .option('--format <format>', 'text | json | github (default: text; --json implies json)');
  cmd(
    'merge <branch>',
    'three-way schema merge of <branch> into HEAD: git merge, merged snapshot, re-chained migrations; exit 3 on conflicts',
  ).option('--no-commit', 'stage the merge without committing');
  cmd('resolve [path]', 'resolve a conflict of a stopped `flash merge` (interactive in a TTY without a path)')
    .option('--ours', "keep HEAD's side")
    .option('--theirs', "keep the merged branch's side")
    .option('--both', 'keep both where offered')
    .option('--no-commit', 'do not commit when the last conflict is resolved');
  program
    .command('merge-lock <base> <ours> <theirs> [path]', { hidden: true })
    .description('git merge driver for flash.lock (installed by `flash hooks install`)')
    .action(async (base: string, ours: string, theirs: string, p: string | undefined) =>
      runHandler('merge-lock', [base, ours, theirs, p ?? ''], {}, program),
    );
  program
    .command('merge-schema <base> <ours> <theirs> <path>', { hidden: true })
    .description('git merge driver for db/schema/*.sql (installed by `flash hooks install`)')
    .action(async (base: string, ours: string, theirs: string, p: string) =>
      runHandler('merge-schema', [base, ours, theirs, p], {}, program),
    );
  return program;
}

/**
 * Flash ORM's spellings: `flash branch create|switch|merge|delete|list|diff …`. `flash branch <name>`
 * still creates; a branch literally named like a subcommand is created with `flash branch create <name>`.
 * Every form runs the `branch` handler with the subcommand first, except switch/merge, which are
 * `flash checkout` and `flash merge` under another name.
 */
function branchCommands(branch: Command, program: Command): void {
  const sub = (spec: string, description: string, handler = 'branch') => {
    const name = spec.split(' ')[0];
    return branch
      .command(spec)
      .description(description)
      .action(async (...raw: unknown[]) => {
        const options = raw.at(-2) as Record<string, unknown>;
        const args = raw
          .slice(0, -2)
          .flat()
          .filter((a): a is string => typeof a === 'string');
        await runHandler(handler, handler === 'branch' ? [name, ...args] : args, options, program);
      });
  };
  sub('create <name>', 'create a git branch and its dev database (copy of the current one) and switch to it').option(
    '--schema-only',
    "the new branch's database gets the schema and no rows (migrations applied to an empty database)",
  );
  sub('switch <name>', 'same as `flash checkout <name>`', 'checkout');
  sub('merge <name>', 'same as `flash merge <name>`', 'merge').option('--no-commit', 'stage the merge without committing');
  sub('delete <name>', "drop a branch's dev database (the git branch is kept)");
  sub('list', 'every branch with its database and state');
  sub('diff <a> <b>', "schema diff between two branches' expected snapshots (from the store; no database needed)").option(
    '--sql',
    'print SQL instead of a summary',
  );
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    // Bare `flash` (global options only) in a terminal opens the dashboard; elsewhere commander prints help.
    if (isBareInvocation(argv.slice(2)) && createContext({}).interactive) {
      program.parseOptions(argv.slice(2));
      await runHandler('tui', [], {}, program);
      return;
    }
    const unknown = unknownCommand(program, argv.slice(2));
    if (unknown) {
      const ctx = createContext(unknown.globals);
      const { runPluginCommand } = await import('./plugin-dispatch.js');
      const builtins = new Set(program.commands.map((c) => c.name()));
      const code = await runPluginCommand(unknown.name, unknown.args, ctx, builtins).catch((err: unknown) => reportError(err, ctx.json));
      if (code !== undefined) {
        process.exitCode = code;
        return;
      }
    }
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; unknown commands/options: commander already printed its message.
      process.exitCode = err.exitCode === 0 ? 0 : 1;
      return;
    }
    process.exitCode = reportError(err, false);
  }
}

/**
 * The first word, when it is not a Flash command (nor help): a plugin may provide it. Global options
 * before it are skipped; everything after it belongs to the plugin command.
 */
function unknownCommand(
  program: Command,
  args: string[],
): { name: string; args: string[]; globals: { cwd?: string; json?: boolean; yes?: boolean } } | undefined {
  const globals: { cwd?: string; json?: boolean; yes?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--cwd') globals.cwd = args[++i];
    else if (a.startsWith('--cwd=')) globals.cwd = a.slice('--cwd='.length);
    else if (a === '--json') globals.json = true;
    else if (a === '-y' || a === '--yes') globals.yes = true;
    else if (a.startsWith('-'))
      return undefined; // --help, --version, or an unknown option: commander answers
    else {
      if (a === 'help' || program.commands.some((c) => c.name() === a || c.aliases().includes(a))) return undefined;
      const rest = args.slice(i + 1);
      // the plugin's own arguments are passed through; --json/--yes there mean the same as before the name
      return {
        name: a,
        args: rest,
        globals: {
          ...globals,
          json: globals.json || rest.includes('--json'),
          yes: globals.yes || rest.includes('--yes') || rest.includes('-y'),
        },
      };
    }
  }
  return undefined;
}

/** Only global options, no command: `flash`, `flash --cwd app`, `flash -y`. */
function isBareInvocation(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--cwd') i++;
    else if (!(a.startsWith('--cwd=') || a === '--json' || a === '-y' || a === '--yes')) return false;
  }
  return true;
}
