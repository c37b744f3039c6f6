import path from 'node:path';

/** A project, narrowed to one database in a `[[databases]]` project. */
export interface LocalOwner {
  dir: string;
  database?: { name: string } | undefined;
}

/**
 * The git-ignored, per-developer folder of a database: `.flash/local/`, or in a `[[databases]]` project
 * `.flash/local/databases/<name>/` — inside `.flash/local/`, which `.gitignore` covers, so nothing of a
 * developer's own (branch maps, records of generated files) is ever staged with the shared store.
 */
export function localDir(owner: LocalOwner): string {
  const local = path.join(owner.dir, '.flash', 'local');
  return owner.database ? path.join(local, 'databases', owner.database.name) : local;
}
