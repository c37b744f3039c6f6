/** The hooks Flash installs. post-checkout switches the branch database; post-merge applies what a merge brought. */
export const FLASH_HOOKS = ['post-checkout', 'post-merge'] as const;
export type FlashHookName = (typeof FLASH_HOOKS)[number];

/** Line that tells Flash's shim apart from a user's hook (idempotent install, uninstall). */
export const SHIM_MARKER = '# flash-hook-shim v1';
export const CHAINED_SUFFIX = '.flash-chained';

export interface ShimOptions {
  /** Project directory relative to the work tree root ('' when they are the same); hooks run at the root. */
  projectDir: string;
  /** Absolute path of this package's bin/flash.js at install time, used when the project has no node_modules/.bin/flash. */
  cliPath: string;
  /** Absolute path of the node that ran the install, used when `node` is not on the hook's PATH (GUI clients). */
  nodePath: string;
  /** The POSIX-sh fast path (the package's hooks/in-sync.sh), inlined where a template says `@FLASH_IN_SYNC@`. */
  inSync?: string;
}

/**
 * The installed hook: the package's `hooks/<name>` template (a tiny sh script that chains the user's
 * previous hook and calls `flash hook <name> "$@"`) with the install-time paths filled in, shell-quoted.
 */
export function renderShim(template: string, o: ShimOptions): string {
  return (
    template
      .replaceAll('@FLASH_PROJECT_DIR@', shellQuote(o.projectDir || '.'))
      .replaceAll('@FLASH_CLI@', shellQuote(o.cliPath))
      .replaceAll('@FLASH_NODE@', shellQuote(o.nodePath))
      // a function replacement: the script's `$` must not be read as a replacement pattern
      .replaceAll('@FLASH_IN_SYNC@', () => (o.inSync ?? 'flash_in_sync() { return 1; }').trimEnd())
  );
}

export function isShim(text: string): boolean {
  return text.split('\n', 3).includes(SHIM_MARKER);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
