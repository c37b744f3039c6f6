import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { createContext, type CommandHandler } from './context.js';
import { reportError } from './report-error.js';

/**
 * Commander wiring only. Each command's handler lives in ./commands/<name>.js and is imported when
 * that command runs, so `flash --version` and the git hooks' fast path load no driver, no ink/react.
 */
function packageVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      return JSON.parse(readFileSync(path.join(here, rel), 'utf8')).version as string;
    } catch {
      /* try the next layout (dist/ vs source) */
    }
  }
  return '0.0.0';
}

async function runHandler(name: string, args: string[], options: Record<string, unknown>, program: Command): Promise<void> {
  const globals = program.opts<{ cwd?: string; json?: boolean; yes?: boolean }>();
  const ctx = createContext({ ...globals, json: Boolean(globals.json || options.json), yes: Boolean(globals.yes || options.yes) });
  try {
    const mod = (await import(`./commands/${name}.js`)) as { default: CommandHandler };
    const code = await mod.default(args, options, ctx);
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    process.exitCode = reportError(err, ctx.json);
  }
}

export function buildProgram(): Command {
  const program = new Command('flash');
  program
    .description('Git-integrated schema versioning: content-addressed snapshots, generated migrations, per-branch dev databases, three-way schema merge.')
    .version(packageVersion(), '-v, --version')
    .option('--cwd <dir>', 'project directory (default: current directory)')
    .option('--json', 'machine-readable output')
    .option('-y, --yes', 'answer yes to confirmations (required for destructive actions when not in a TTY)')
    .showHelpAfterError('(run `flash --help` for usage)')
    .exitOverride();

  const cmd = (spec: string, description: string, handler = spec.split(' ')[0]!) => {
    const c = program.command(spec).description(description);
    c.action(async (...raw: unknown[]) => {
      const command = raw.at(-1) as Command;
      const options = raw.at(-2) as Record<string, unknown>;
      const args = raw.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
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
  cmd('demo', 'run the whole Flash story in a temp directory on embedded databases')
    .option('--keep', 'keep the temp directory and print its path');
  cmd('pull', 'introspect the live database into db/schema and record its snapshot');
  cmd('migrate [name]', 'diff db/schema against the current snapshot and write a migration')
    .option('--create-only', 'write an empty migration to fill in by hand')
    .option('--rename <mapping...>', 'declare renames: table.old=new (column) or old=new (table)');
  cmd('apply', 'apply pending migrations')
    .option('--dry-run', 'print the SQL without running it')
    .option('--allow-changed', 'apply even if an applied migration file changed on disk');
  cmd('down', 'revert the last applied migrations using their Down sections')
    .option('-s, --steps <n>', 'how many migrations to revert', '1');
  cmd('status', 'applied / pending / changed migrations and drift');
  cmd('reset', 'drop and rebuild the dev database from migrations');
  cmd('branch [args...]', 'create a git branch and its dev database (copy of the current one, data included); `branch list`, `branch delete <name>`');
  cmd('checkout <branch>', 'switch the git branch and the dev database that backs it');
  cmd('url', "print the current branch's database URL");
  cmd('hooks <action>', 'install or uninstall the post-checkout/post-merge git hooks (install|uninstall)');
  cmd('hook <name> [args...]', 'internal: run by the git hooks that `flash hooks install` writes');
  cmd('diff [refs...]', 'schema diff between two refs/snapshots (default: expected snapshot vs db/schema)')
    .option('--sql', 'print SQL instead of a summary');

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
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
