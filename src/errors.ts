/** Exit codes of SPEC.md */
export const ExitCode = {
  ok: 0,
  user: 1,
  internal: 2,
  conflict: 3,
  integrity: 4,
  /** A migration (Up or Down) failed while running: rolled back, or partly applied on MySQL. Not a bug in Flash. */
  migration: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'E_NO_CONFIG'
  | 'E_CONFIG_EXISTS'
  | 'E_CONFIG_INVALID'
  | 'E_CONFIG_JSON'
  | 'E_CONFIG_TOML'
  | 'E_UNKNOWN_PROVIDER'
  | 'E_NO_URL'
  | 'E_BAD_URL'
  | 'E_DB_CONNECT'
  | 'E_SQL'
  | 'E_PULL_VERIFY'
  | 'E_STORE_CORRUPT'
  | 'E_STORE_MISSING'
  | 'E_CHECKSUM_MISMATCH'
  | 'E_BACKUP_CORRUPT'
  | 'E_DRIFT'
  | 'E_CONFLICT'
  | 'E_LOCKED'
  | 'E_NOT_GIT'
  | 'E_GIT'
  | 'E_UNKNOWN_BRANCH'
  | 'E_BRANCH_EXISTS'
  | 'E_BRANCH_DB_STALE'
  | 'E_BRANCH_CHECKED_OUT'
  | 'E_DETACHED_HEAD'
  | 'E_DB_EXISTS'
  | 'E_DIRTY_TREE'
  | 'E_MERGE_IN_PROGRESS'
  | 'E_NO_MERGE'
  | 'E_RESOLUTION_FAILS'
  | 'E_MIGRATION_FAILED'
  | 'E_MIGRATION_PARTIAL'
  | 'E_MIGRATION_FORMAT'
  | 'E_MIGRATION_COMMITTED'
  | 'E_MIGRATION_APPLIED'
  | 'E_LOCK_FILE'
  | 'E_CHAIN'
  | 'E_NOTHING_TO_DO'
  | 'E_PENDING_MIGRATIONS'
  | 'E_NO_DOWN'
  | 'E_HOOK_EXISTS'
  | 'E_DATA_LOSS'
  | 'E_NEEDS_YES'
  | 'E_NOT_TTY'
  | 'E_USAGE'
  | 'E_UNSUPPORTED'
  | 'E_UNSUPPORTED_OBJECT'
  | 'E_SHADOW_UNSUPPORTED'
  | 'E_MISSING_ROLE'
  | 'E_UNREADABLE'
  | 'E_ENCODING'
  | 'E_SEED_CYCLE'
  | 'E_SEED_UNSUPPORTED'
  | 'E_SEED_NO_PARENT'
  | 'E_SEED_UNIQUE'
  | 'E_SEED_FILE'
  | 'E_UNKNOWN_TABLE'
  | 'E_AUDIT_WRITE'
  | 'E_PLUGIN_NAME'
  | 'E_PLUGIN_INSTALL'
  | 'E_PLUGIN_LOAD'
  | 'E_PLUGIN_NOT_FOUND'
  | 'E_UNKNOWN_COMMAND'
  | 'E_TRACKING_FORMAT'
  | 'E_SCHEMA_MISMATCH'
  | 'E_QUERY'
  | 'E_GEN_STALE'
  | 'E_GEN_NAME_CLASH'
  | 'E_MULTI_DB'
  | 'E_LOCK_TABLE_FULL'
  | 'E_ROW_CONFLICT'
  | 'E_NO_PRIMARY_KEY'
  | 'E_SQL_TIMEOUT'
  | 'E_SCHEMA_FILE_CHANGED'
  | 'E_STUDIO_FORBIDDEN'
  | 'E_INTERNAL';

const defaultExit: Partial<Record<ErrorCode, ExitCode>> = {
  E_DB_CONNECT: ExitCode.internal,
  E_INTERNAL: ExitCode.internal,
  E_STORE_CORRUPT: ExitCode.integrity,
  E_STORE_MISSING: ExitCode.integrity,
  E_CHECKSUM_MISMATCH: ExitCode.integrity,
  E_BACKUP_CORRUPT: ExitCode.integrity,
  E_DRIFT: ExitCode.integrity,
  E_SCHEMA_MISMATCH: ExitCode.integrity,
  E_PULL_VERIFY: ExitCode.integrity,
  E_CHAIN: ExitCode.integrity,
  E_CONFLICT: ExitCode.conflict,
  E_RESOLUTION_FAILS: ExitCode.conflict,
  E_LOCKED: ExitCode.internal,
  E_MIGRATION_FAILED: ExitCode.migration,
  E_MIGRATION_PARTIAL: ExitCode.migration,
  E_LOCK_TABLE_FULL: ExitCode.migration,
};

/** The exit code an error with this code ends the CLI with (docs/ERRORS.md lists them all). */
export function exitCodeOf(code: ErrorCode): ExitCode {
  return defaultExit[code] ?? ExitCode.user;
}

/**
 * The one error type users see. `code` is stable (scripts match on it), `message` is one sentence,
 * `hint` says what to do next, `data` is a JSON-serializable payload for `--json` output.
 */
export class FlashError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: ExitCode;
  readonly data?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    hint?: string,
    options: { exitCode?: ExitCode; data?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlashError';
    this.code = code;
    this.hint = hint;
    this.exitCode = options.exitCode ?? exitCodeOf(code);
    this.data = options.data;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, exitCode: this.exitCode, ...(this.data ? { data: this.data } : {}) };
  }
}

export function isFlashError(err: unknown): err is FlashError {
  return err instanceof FlashError;
}
