import type { Provider } from '../core/model/schema.js';

/** `flash.config.json` (Flash ORM compatible). Unknown keys are preserved in `raw`. */
export interface FlashConfig {
  version: string;
  schema_dir: string;
  queries: string;
  migrations_path: string;
  export_path: string;
  database: {
    provider: Provider;
    url_env: string;
    /** Optional: a server URL on which Flash creates temporary shadow databases (PG extensions PGlite lacks). */
    shadow_url?: string;
    /** Optional: a production database; `flash raw` then refuses writes without --yes. */
    production?: boolean;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export const PROVIDERS: readonly Provider[] = ['postgresql', 'mysql', 'sqlite', 'mongodb'];

export const CONFIG_FILE = 'flash.config.json';
export const TOML_CONFIG_FILE = 'flash.toml';

export function defaultConfig(provider: Provider): FlashConfig {
  return {
    version: '2',
    schema_dir: 'db/schema',
    queries: 'db/queries/',
    migrations_path: 'db/migrations',
    export_path: 'db/export',
    database: { provider, url_env: 'DATABASE_URL' },
    gen: { js: { enabled: true, out: 'flash_gen' } },
  };
}

export function defaultUrl(provider: Provider, projectName: string): string {
  const db = projectName.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase() || 'app';
  switch (provider) {
    case 'postgresql':
      return `postgres://postgres@127.0.0.1:5432/${db}`;
    case 'mysql':
      return `mysql://root@127.0.0.1:3306/${db}`;
    case 'sqlite':
      return 'file:./dev.db';
    case 'mongodb':
      return `mongodb://127.0.0.1:27017/${db}`;
  }
}
