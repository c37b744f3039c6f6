import type { Dialect } from '../dialect.js';
import { postgresAdmin } from './admin.js';
import { connectPostgres } from './driver.js';
import { introspectPostgres } from './introspect.js';
import { acquirePostgresLock } from './lock.js';
import { renderPostgres, renderPostgresSchema } from './render.js';
import { createPostgresShadow } from './shadow.js';
import { splitStatements } from './split-statements.js';
import { statementsBeforeTransaction } from './outside-transaction.js';
import { postgresLockTableFull } from './lock-table.js';

const trackingTable = `CREATE TABLE IF NOT EXISTS _flash_migrations (
  id serial PRIMARY KEY,
  migration_name text NOT NULL,
  checksum text NOT NULL,
  from_hash text,
  to_hash text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  rolled_back_at timestamptz,
  applied_steps_count integer NOT NULL DEFAULT 0,
  logs text
)`;

export const postgresDialect: Dialect = {
  name: 'postgresql',
  // placeColumns: false — PostgreSQL can only append columns, so diffs ignore column order.
  capabilities: { transactionalDdl: true, advisoryLocks: true, alterColumn: true, templates: true, enumTypes: true, placeColumns: false },
  connect: (url) => connectPostgres(url),
  introspect: introspectPostgres,
  render: renderPostgres,
  renderSchema: renderPostgresSchema,
  createShadow: createPostgresShadow,
  splitStatements,
  statementsBeforeTransaction,
  lockTableFull: postgresLockTableFull,
  acquireLock: acquirePostgresLock,
  trackingTableDdl: () => trackingTable,
  databases: postgresAdmin,
};
