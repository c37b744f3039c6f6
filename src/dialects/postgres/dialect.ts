import type { Dialect } from '../dialect.js';
import { unmodelledPostgres, unsupportedStatementPostgres } from './unmodelled.js';
import { postgresData } from './data.js';
import { createRowAccess } from '../row-access.js';
import { createRowPages } from '../row-pages.js';
import { createAuditTable } from '../audit-table.js';
import { postgresNames } from './quote.js';
import { postgresAdmin } from './admin.js';
import { connectPostgres } from './driver.js';
import { introspectPostgres } from './introspect.js';
import { alignRecordedSpellingPostgres } from './recorded-spelling.js';
import { acquirePostgresLock } from './lock.js';
import { renderPostgres, renderPostgresSchema } from './render.js';
import { createPostgresShadow } from './shadow.js';
import { splitStatements } from './split-statements.js';
import { checkRoles } from './grant-roles.js';
import { postgresIncrementalShadow } from './kept-shadow.js';
import { statementsBeforeTransaction } from './outside-transaction.js';
import { describePostgresQuery } from './describe-query.js';
import { postgresLockTableFull } from './lock-table.js';
import { pgliteVersion } from './pglite-image.js';
import { postgresTraits } from './traits.js';

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

const auditTable = `CREATE TABLE IF NOT EXISTS _flash_audit (
  id bigserial PRIMARY KEY,
  who text,
  at timestamptz NOT NULL,
  command text NOT NULL,
  branch text,
  db text,
  from_hash text,
  to_hash text,
  statements integer,
  duration_ms integer NOT NULL,
  result text NOT NULL,
  error text
)`;

export const postgresDialect: Dialect = {
  name: 'postgresql',
  // placeColumns: false — PostgreSQL can only append columns, so diffs ignore column order.
  traits: postgresTraits,
  capabilities: {
    transactionalDdl: true,
    advisoryLocks: true,
    alterColumn: true,
    templates: true,
    enumTypes: true,
    placeColumns: false,
    batchedScripts: true,
  },
  // PGlite's own version counts: Flash's dependency range lets an install pick up a newer one.
  embeddedShadowId: (shadowUrl) => (shadowUrl ? undefined : `pglite@${pgliteVersion() ?? 'unknown'}`),
  connect: (url) => connectPostgres(url),
  introspect: introspectPostgres,
  unmodelled: unmodelledPostgres,
  alignRecordedSpelling: alignRecordedSpellingPostgres,
  unsupportedStatement: unsupportedStatementPostgres,
  render: renderPostgres,
  renderSchema: renderPostgresSchema,
  createShadow: createPostgresShadow,
  incrementalShadow: postgresIncrementalShadow,
  splitStatements,
  checkPrerequisites: (conn, statements) => checkRoles(conn, statements, conn.description),
  statementsBeforeTransaction,
  lockTableFull: postgresLockTableFull,
  acquireLock: acquirePostgresLock,
  trackingTableDdl: () => trackingTable,
  tableColumns: async (conn, table) =>
    (
      await conn.query<{ c: string }>(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
        [table],
      )
    ).map((r) => r.c),
  databases: postgresAdmin,
  data: postgresData,
  // 65,535 bind parameters per statement (the protocol's 16-bit count)
  rows: createRowAccess(postgresNames, 65535),
  pages: createRowPages(postgresNames, { textType: 'text', lockClause: 'FOR UPDATE', begin: 'BEGIN' }),
  queries: { placeholders: 'dollar', lex: {}, driver: 'pg', describe: (conn, sql) => describePostgresQuery(conn, sql) },
  auditTable: createAuditTable(auditTable),
};
