/**
 * The one line of the user's `.env` that Flash owns: `<VAR>=<url> # managed by flash (branch: x)`.
 * Every other line is kept byte-for-byte (line endings included). The first time, the user's own
 * `<VAR>=` line is the one converted — a second definition would leave which one wins to each tool.
 */
export const MANAGED_MARK = '# managed by flash';

export interface ManagedLine {
  url: string;
  branch?: string;
}

const lineRe = (name: string) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`);

export function managedLineText(name: string, url: string, branch: string, exportPrefix = ''): string {
  return `${exportPrefix}${name}=${url} ${MANAGED_MARK} (branch: ${branch})`;
}

/** The managed line's URL and branch, if the file has one. */
export function readManagedLine(text: string, name: string): ManagedLine | undefined {
  for (const line of splitLines(text)) {
    const body = line.replace(/\r?\n$/, '');
    if (!lineRe(name).test(body) || !body.includes(MANAGED_MARK)) continue;
    const value = body.replace(lineRe(name), '');
    const url = value.slice(0, value.indexOf(MANAGED_MARK)).trim();
    const branch = body.match(/\(branch: (.*)\)\s*$/)?.[1];
    return { url, ...(branch !== undefined ? { branch } : {}) };
  }
  return undefined;
}

/** The file with the managed line set to `url` for `branch`; `text` may be empty (no file yet). */
export function writeManagedLine(text: string, name: string, url: string, branch: string): string {
  const lines = splitLines(text);
  let target = lines.findIndex((l) => lineRe(name).test(l) && l.includes(MANAGED_MARK));
  if (target < 0) target = findLastIndex(lines, (l) => lineRe(name).test(l));
  if (target < 0) {
    const sep = text === '' || text.endsWith('\n') ? '' : text.includes('\r\n') ? '\r\n' : '\n';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return text + sep + managedLineText(name, url, branch) + eol;
  }
  const old = lines[target];
  const eol = old.endsWith('\r\n') ? '\r\n' : old.endsWith('\n') ? '\n' : '';
  const exportPrefix = old.match(/^\s*(export\s+)/)?.[1] ?? '';
  lines[target] = managedLineText(name, url, branch, exportPrefix) + eol;
  return lines.join('');
}

/** Lines with their terminators kept, so joining them gives the text back exactly. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function findLastIndex<T>(items: T[], pred: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i])) return i;
  return -1;
}
