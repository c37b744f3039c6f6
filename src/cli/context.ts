import path from 'node:path';

/** What every command handler receives besides its own args/options. */
export interface CliContext {
  cwd: string;
  json: boolean;
  yes: boolean;
  /** Both stdin and stdout are terminals and CI is not set: prompts and the TUI are allowed. */
  interactive: boolean;
  color: boolean;
  out(line?: string): void;
  err(line?: string): void;
}

export type CommandHandler = (args: string[], options: Record<string, unknown>, ctx: CliContext) => Promise<number | void>;

export function createContext(globals: { cwd?: string; json?: boolean; yes?: boolean }): CliContext {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return {
    cwd: path.resolve(globals.cwd ?? process.cwd()),
    json: Boolean(globals.json),
    yes: Boolean(globals.yes),
    interactive,
    color,
    out: (line = '') => process.stdout.write(line + '\n'),
    err: (line = '') => process.stderr.write(line + '\n'),
  };
}
