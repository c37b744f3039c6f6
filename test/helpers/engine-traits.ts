import type { EngineTraits } from '../../src/core/engine-traits.js';
import type { Provider } from '../../src/core/model/schema.js';
import { mongoTraits } from '../../src/dialects/mongodb/traits.js';
import { mysqlTraits } from '../../src/dialects/mysql/traits.js';
import { postgresTraits } from '../../src/dialects/postgres/traits.js';
import { sqliteTraits } from '../../src/dialects/sqlite/traits.js';

const byProvider: Record<Provider, EngineTraits> = {
  postgresql: postgresTraits,
  mysql: mysqlTraits,
  sqlite: sqliteTraits,
  mongodb: mongoTraits,
};

/** The engine traits a dialect passes to the core, for tests of core functions on a schema of `provider`. */
export function traitsOf(provider: Provider): EngineTraits {
  return byProvider[provider];
}
