/** Commands that write to a database or to history: each run leaves one line in the audit log (audit-command.ts). */
export const AUDITED_COMMANDS: ReadonlySet<string> = new Set(['apply', 'down', 'reset', 'checkout', 'merge', 'resolve']);
