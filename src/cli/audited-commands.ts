/**
 * Commands that write to a database or to history: each run leaves one line in the audit log
 * (audit-command.ts). `raw` records only runs that wrote (or failed): a read-only query is not audited.
 */
export const AUDITED_COMMANDS: ReadonlySet<string> = new Set(['apply', 'down', 'reset', 'checkout', 'merge', 'resolve', 'restore', 'raw']);
