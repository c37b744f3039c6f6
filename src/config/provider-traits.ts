import type { Provider } from '../core/model/schema.js';

/**
 * The few engine facts that paths which must not load a dialect (the git hook's fast path, `branch
 * list`, `init`, URL resolution) need. Everything else that differs between engines is asked of the
 * Dialect (`capabilities`, methods): this table is for questions asked before, or instead of, loading one.
 */
export interface ProviderTraits {
  /**
   * A database is a file (SQLite): URLs are paths (relative ones resolved against the project), opening
   * creates it, branch databases are files under `.flash/local/db/`, and a dev database inside the
   * project must be git-ignored (git would swap it on every checkout).
   */
  readonly fileDatabases: boolean;
}

const TRAITS: Record<Provider, ProviderTraits> = {
  postgresql: { fileDatabases: false },
  mysql: { fileDatabases: false },
  sqlite: { fileDatabases: true },
  mongodb: { fileDatabases: false },
};

export function providerTraits(provider: Provider): ProviderTraits {
  return TRAITS[provider];
}
