/** The hooks Flash installs. post-checkout switches the branch database; post-merge applies what a merge brought. */
export const FLASH_HOOKS = ['post-checkout', 'post-merge'] as const;
export type FlashHookName = (typeof FLASH_HOOKS)[number];

/** First-lines marker that tells Flash's shim apart from a user's hook (idempotent install, uninstall). */
export const SHIM_MARKER = '# flash-hook-shim v1';
export const CHAINED_SUFFIX = '.flash-chained';

export interface ShimOptions {
  hook: FlashHookName;
  /** Project directory relative to the work tree root ('' when they are the same); hooks run at the root. */
  projectDir: string;
  /** Absolute path of this package's bin/flash.js at install time, used when the project has no node_modules/.bin/flash. */
  cliPath: string;
  /** Absolute path of the node that ran the install, used when `node` is not on the hook's PATH (GUI clients). */
  nodePath: string;
}

/**
 * A tiny POSIX sh script. It runs the user's chained hook first (same args; its status is ignored, as
 * git ignores it for post-* hooks), then the Flash CLI. It never `exec`s and always exits 0: git makes
 * the hook's status the status of `git checkout`, and a schema problem must never fail a checkout.
 */
export function renderShim(o: ShimOptions): string {
  const q = shellQuote;
  const lines = [
    '#!/bin/sh',
    SHIM_MARKER,
    `# Installed by \`flash hooks install\`; \`flash hooks uninstall\` removes it and restores any hook it chained.`,
    `chained="$(dirname "$0")/${o.hook}${CHAINED_SUFFIX}"`,
    'if [ -x "$chained" ]; then "$chained" "$@" || :; fi',
    '[ "$FLASH_SKIP_HOOKS" = "1" ] && exit 0',
  ];
  if (o.projectDir) lines.push(`cd ${q(o.projectDir)} 2>/dev/null || exit 0`);
  lines.push(
    'if [ -x node_modules/.bin/flash ]; then',
    `  node_modules/.bin/flash hook ${o.hook} "$@"`,
    `elif [ -f ${q(o.cliPath)} ]; then`,
    `  if command -v node >/dev/null 2>&1; then node ${q(o.cliPath)} hook ${o.hook} "$@"; else ${q(o.nodePath)} ${q(o.cliPath)} hook ${o.hook} "$@"; fi`,
    'else',
    `  echo "flash: warning: the flash CLI was not found (run \\\`npm install\\\`, then \\\`flash hooks install\\\`)" >&2`,
    'fi',
    'exit 0',
    '',
  );
  return lines.join('\n');
}

export function isShim(text: string): boolean {
  return text.split('\n', 3).includes(SHIM_MARKER);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
