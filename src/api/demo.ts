import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlashError } from '../errors.js';

export interface DemoStep {
  title: string;
  /** a flash command (argv after `flash`), a git command, or a file written */
  run?: string[];
  git?: string[];
  write?: { file: string; content: string; append?: boolean };
  /** exit code the step must end with */
  expect?: number;
}

/** The story `flash demo` tells, on embedded SQLite: every step is a real command in a temp project. */
export const DEMO_STEPS: DemoStep[] = [
  { title: 'Start a git repository and a Flash project on SQLite', git: ['init', '-q', '-b', 'main'] },
  { title: '', run: ['init', '--sqlite'] },
  {
    title: 'Describe the schema you want in db/schema/*.sql',
    write: {
      file: 'db/schema/users.sql',
      content: `CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  name TEXT\n);\n`,
    },
  },
  { title: 'Generate the first migration (schema applied to an in-memory shadow DB, then diffed)', run: ['migrate', 'create users'] },
  { title: 'Apply it to the dev database', run: ['apply'] },
  { title: 'Commit', git: ['add', '-A'] },
  { title: '', git: ['-c', 'user.name=Flash Demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'users'] },
  {
    title: 'Change the schema: add a posts table and a column',
    write: {
      file: 'db/schema/posts.sql',
      content: `CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n  title TEXT NOT NULL,\n  created_at TEXT DEFAULT CURRENT_TIMESTAMP\n);\nCREATE INDEX posts_user_id ON posts(user_id);\n`,
    },
  },
  { title: '', write: { file: 'db/schema/users.sql', content: `CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  name TEXT,\n  bio TEXT\n);\n` } },
  { title: 'See the diff, then generate the migration (Up and Down, with lint)', run: ['diff'] },
  { title: '', run: ['migrate', 'posts and bio'] },
  { title: 'Status shows one pending migration', run: ['status'] },
  { title: 'Apply it', run: ['apply'] },
  { title: 'Revert it with its generated Down section', run: ['down'] },
  { title: 'Status again: pending, no drift', run: ['status'] },
  { title: 'Every snapshot is content-addressed in .flash/objects and verifiable', run: ['fsck'] },
];

export interface DemoOptions {
  keep?: boolean;
  print: (line: string) => void;
}

function flashBin(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../bin/flash.js');
}

/** Runs the story in a fresh temp directory and prints each command with its output. */
export async function runDemo(opts: DemoOptions): Promise<{ dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-demo-'));
  const env = { ...process.env, DATABASE_URL: undefined, FLASH_SKIP_HOOKS: '1', NO_COLOR: '1' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  opts.print(`Flash demo in ${dir}\n`);
  try {
    for (const step of DEMO_STEPS) {
      if (step.title) opts.print(`\n## ${step.title}`);
      if (step.write) {
        const file = path.join(dir, step.write.file);
        (step.write.append ? appendFileSync : writeFileSync)(file, step.write.content);
        opts.print(`$ cat ${step.write.file}`);
        opts.print(step.write.content.trimEnd());
        continue;
      }
      const [cmd, args, shown] = step.git
        ? ['git', step.git, `git ${step.git.filter((a) => !a.startsWith('user.')).join(' ').replace(/-c +/g, '')}`]
        : [process.execPath, [flashBin(), ...step.run!], `flash ${step.run!.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`];
      opts.print(`$ ${shown}`);
      const res = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
      const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trimEnd();
      if (output) opts.print(output.replace(/^/gm, '  '));
      if ((res.status ?? 1) !== (step.expect ?? 0)) {
        throw new FlashError('E_INTERNAL', `demo step "${shown}" exited ${res.status}.`, `The demo project is kept in ${dir} for inspection.`);
      }
    }
    opts.print(`\nDone. ${opts.keep ? `The project is in ${dir}.` : 'Run `flash demo --keep` to keep the project and explore it.'}`);
  } catch (err) {
    opts.keep = true;
    throw err;
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  return { dir };
}
