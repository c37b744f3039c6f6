import path from 'node:path';
import type { AuditEvent } from '../api/project/audit-log.js';

/** What every command handler receives besides its own args/options. */
export interface CliContext {
  cwd: string;
  json: boolean;
  yes: boolean;
  /** Both stdin and stdout are terminals and CI is not set: prompts and the TUI are allowed. */
  interactive: boolean;
  color: boolean;
  /** Plain functions (not methods): handlers pass them around, e.g. `log = ctx.out`. */
  out: (line?: string) => void;
  err: (line?: string) => void;
  /**
   * Set by an audited command's handler (see audit-command.ts): what it knows for the audit log, or
   * `false` when it wrote nothing (dry run). `failure` records an error the handler reported itself.
   */
  audit?: (Partial<Omit<AuditEvent, 'command' | 'result' | 'durationMs'>> & { failure?: unknown }) | false;
}

export type CommandHandler = (args: string[], options: Record<string, unknown>, ctx: CliContext) => Promise<number | undefined>;

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
