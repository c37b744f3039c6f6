import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TMUX = '/usr/bin/tmux';

/**
 * A real terminal for end-to-end TUI tests: a detached tmux session on a private server socket
 * (`-L flash-test-<random>`), so tests never touch the user's tmux or each other.
 */
export class TmuxSession {
  readonly socket = `flash-test-${randomBytes(6).toString('hex')}`;
  private readonly name = 'flash';

  constructor(
    private readonly command: string,
    private readonly size = { columns: 120, rows: 40 },
  ) {}

  private tmux(args: string[]): string {
    return execFileSync(TMUX, ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  start(): void {
    // The exit status is echoed after the app ends; the shell then waits so the pane stays readable.
    const script = `${this.command}; echo "__FLASH_EXIT__ $?"; sleep 600`;
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(this.size.columns), '-y', String(this.size.rows), 'sh', '-c', script]);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name]);
  }

  /** The screen with its colours and attributes as escape sequences (`capture-pane -e`). */
  styledScreen(): string {
    return this.tmux(['capture-pane', '-p', '-e', '-t', this.name]);
  }

  /** Keys by tmux name (`Enter`, `Escape`, `Down`) or literal text with `{ literal: true }`. */
  send(keys: string, options: { literal?: boolean } = {}): void {
    this.tmux(['send-keys', '-t', this.name, ...(options.literal ? ['-l'] : []), keys]);
  }

  async waitFor(check: (screen: string) => boolean, what: string, timeoutMs = 45_000): Promise<string> {
    const start = Date.now();
    let last = '';
    for (;;) {
      last = this.screen();
      if (check(last)) return last;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The app's exit status once it has ended, else undefined. */
  exitCode(): number | undefined {
    const m = this.screen().match(/__FLASH_EXIT__ (\d+)/);
    return m ? Number(m[1]) : undefined;
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      /* already gone */
    }
    // tmux leaves the socket file behind.
    const dir = process.env.TMUX_TMPDIR ?? os.tmpdir();
    rmSync(path.join(dir, `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}
