import type { CliContext } from '../../src/cli/context.js';

/**
 * Some actions (branch create/delete) live in CLI handlers that print as they go. The TUI runs them
 * with a context that collects the lines instead, and has already asked its own confirmation.
 */
export function captureContext(cwd: string): { ctx: CliContext; lines: string[] } {
  const lines: string[] = [];
  const ctx: CliContext = {
    cwd,
    json: false,
    yes: true,
    interactive: false,
    color: false,
    out: (line = '') => void lines.push(line),
    err: (line = '') => void lines.push(line),
  };
  return { ctx, lines };
}
