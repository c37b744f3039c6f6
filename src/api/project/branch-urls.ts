import { branchDatabaseName, sqliteBranchFile } from '../../core/branch/database-naming.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { Provider } from '../../core/model/schema.js';
import { providerTraits } from '../../config/provider-traits.js';
import type { BranchesFile } from './branch-state.js';
import type { UserUrl } from './env-file.js';

/**
 * Branch URLs from one base URL (docs/BRANCH-DATABASES.md). The base is the home branch's database;
 * every other branch's database lives on the same server with the same credentials and options, and
 * only its name differs (`<db>__<branch>`; SQLite: a file under `.flash/local/db/`). So a change of
 * the base — a user's edit of `.env` or an environment override — is carried into every branch URL.
 */
export interface UrlRules {
  provider: Provider;
  dialect: { databases: Pick<Dialect['databases'], 'urlFor' | 'databaseName'> };
  /** a `[[databases]]` project: the database whose branch URLs these are (SQLite files are per database) */
  project?: { database?: { name: string } | undefined };
}

export function branchUrl(rules: UrlRules, file: BranchesFile, branch: string): string {
  if (branch === file.homeBranch) return file.configuredUrl;
  const entry = file.branches[branch];
  if (providerTraits(rules.provider).fileDatabases)
    return entry?.url ?? `file:./${sqliteBranchFile(branch, rules.project?.database?.name)}`;
  const admin = rules.dialect.databases;
  const name = entry ? admin.databaseName(entry.url) : branchDatabaseName(admin.databaseName(file.configuredUrl), branch);
  return admin.urlFor(file.configuredUrl, name);
}

/**
 * The URL to record for a branch whose database was just created at `created`: the server, credentials
 * and options of the base on disk (an environment override holds for its process only), with the name
 * of the database that was actually created — which an override naming a new base derived from itself
 * (`app_ci` → `app_ci__feature`, not `app__feature`), so later processes find that database.
 */
export function createdBranchUrl(rules: UrlRules, file: BranchesFile, branch: string, created: string): string {
  // A file database's branch URL is Flash's own path, never derived from what was created.
  if (providerTraits(rules.provider).fileDatabases) return branchUrl(rules, file, branch);
  const admin = rules.dialect.databases;
  return admin.urlFor(branchUrl(rules, file, branch), admin.databaseName(created));
}

/**
 * The branches file as the user's URL says. Returns `file` itself when the URL is one Flash published
 * or knows (nothing to follow). Otherwise:
 * - the home branch's line edited, or an unknown database named: that URL is the new base;
 * - another branch's line edited, or a known branch database named: its server, credentials and
 *   options become the base's (the base database name stays); a `.env` edit that renames that
 *   branch's database also points that branch at the name the user wrote.
 */
export function followUserUrl(rules: UrlRules, file: BranchesFile, user: UserUrl): BranchesFile {
  const tagged = user.branch !== undefined && file.branches[user.branch] ? user.branch : undefined;
  if (tagged !== undefined && sameUrl(branchUrl(rules, file, tagged), user.url)) return file;
  if (tagged === undefined && Object.keys(file.branches).some((b) => sameUrl(branchUrl(rules, file, b), user.url))) return file;
  if (sameUrl(file.configuredUrl, user.url)) return file;
  if (tagged === file.homeBranch) return rebase(rules, file, user.url);
  if (providerTraits(rules.provider).fileDatabases) {
    // SQLite branch files are Flash's own; the user's file is the home database unless it names a branch's.
    return tagged === undefined ? rebase(rules, file, user.url) : rebase(rules, file, file.configuredUrl, [tagged, user.url]);
  }
  const admin = rules.dialect.databases;
  const name = admin.databaseName(user.url);
  const baseName = admin.databaseName(file.configuredUrl);
  const serverOnly = admin.urlFor(user.url, baseName);
  if (tagged !== undefined) {
    const renamed = name !== admin.databaseName(branchUrl(rules, file, tagged));
    return rebase(rules, file, serverOnly, renamed ? [tagged, user.url] : undefined);
  }
  const known = name === baseName || Object.keys(file.branches).some((b) => admin.databaseName(branchUrl(rules, file, b)) === name);
  return rebase(rules, file, known ? serverOnly : user.url);
}

/** Every entry's URL recomputed from the new base (one branch may be pinned to a URL the user wrote). */
function rebase(rules: UrlRules, file: BranchesFile, base: string, pin?: [string, string]): BranchesFile {
  const withBase: BranchesFile = { ...file, configuredUrl: base };
  const branches: BranchesFile['branches'] = {};
  for (const [branch, entry] of Object.entries(file.branches)) {
    branches[branch] = { ...entry, url: pin?.[0] === branch ? pin[1] : branchUrl(rules, withBase, branch) };
  }
  return { ...withBase, branches };
}

/** Equal as URLs (`postgres://h/db` and `postgres://h:/db` are one database); plain text otherwise. */
export function sameUrl(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return false;
  }
}
