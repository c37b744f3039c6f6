import type { MergeConflict } from './merge-conflict.js';

/**
 * Annotate git's conflict markers in a schema file with the Flash conflicts they belong to:
 * `<<<<<<< HEAD` becomes `<<<<<<< HEAD  flash: C001 users.nickname`, so the user sees in the file
 * which `flash resolve <path>` settles the hunk. A hunk belongs to a conflict when it names the
 * conflict's table (the first segment of its path) in the hunk or in the statement around it. Already annotated markers are left alone.
 */
export function annotateConflictMarkers(text: string, conflicts: MergeConflict[]): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('<<<<<<<') || lines[i].includes(' flash: ')) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith('>>>>>>>')) end++;
    // The hunk and the statement it sits in (from the last `;` before it): `CREATE TABLE users (` is often above the hunk.
    const before = lines.slice(0, i).join('\n');
    const hunk = `${before.slice(before.lastIndexOf(';') + 1)}\n${lines.slice(i + 1, end).join('\n')}`.toLowerCase();
    const named = conflicts.filter((c) => {
      const table = c.path.split(/[.#:]/)[0].toLowerCase();
      return table && new RegExp(`(^|[^a-z0-9_])${table.replace(/[^a-z0-9_]/g, '\\$&')}([^a-z0-9_]|$)`).test(hunk);
    });
    if (named.length) lines[i] = `${lines[i]}  flash: ${named.map((c) => `${c.code} ${c.path}`).join(', ')}`;
    i = end;
  }
  return lines.join('\n');
}
