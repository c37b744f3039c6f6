import { sha256 } from '../snapshot/hash.js';

/** PostgreSQL truncates identifiers at 63 bytes; MySQL allows 64. One limit for both keeps names portable. */
export const MAX_DATABASE_NAME = 63;

/**
 * A branch name as a safe identifier fragment: lower-case letters, digits and `_` (`feature/Add-bio` →
 * `feature_add_bio`). Different branches can slugify alike (`a-b`, `a/b`), so callers that need
 * uniqueness add `branchSuffix`.
 */
export function branchSlug(branch: string): string {
  const slug = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'branch';
}

/** A short, stable hash of the exact branch name. */
export function branchSuffix(branch: string): string {
  return sha256(branch).slice(0, 8);
}

/**
 * `<basedb>__<branch-slug>`, at most 63 characters. When the slug was lossy (the branch name is not
 * already a clean identifier) or the name would be too long, a short hash of the branch name is appended
 * so two branches never share a database.
 */
export function branchDatabaseName(baseDb: string, branch: string): string {
  const slug = branchSlug(branch);
  const exact = slug === branch;
  const plain = `${baseDb}__${slug}`;
  if (exact && plain.length <= MAX_DATABASE_NAME) return plain;
  const suffix = `_${branchSuffix(branch)}`;
  const room = MAX_DATABASE_NAME - suffix.length;
  return (plain.length <= room ? plain : plain.slice(0, room)).replace(/_+$/, '') + suffix;
}

/**
 * SQLite branch databases live under `.flash/local/db/` (git-ignored), one file per branch; in a
 * `[[databases]]` project under `.flash/local/db/<database>/`, so two SQLite databases never share a file.
 */
export function sqliteBranchFile(branch: string, database?: string): string {
  const slug = branchSlug(branch);
  const name = slug === branch && slug.length <= 60 ? slug : `${slug.slice(0, 50)}_${branchSuffix(branch)}`;
  return database ? `.flash/local/db/${database}/${name}.db` : `.flash/local/db/${name}.db`;
}
