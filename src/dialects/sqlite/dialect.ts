import type { Dialect } from '../dialect.js';
import { refusePostgresOnly } from '../postgres-only.js';
import { unmodelledSqlite, unsupportedStatementSqlite } from './unmodelled.js';
import { sqliteData, sqliteError } from './data.js';
import { createRowAccess } from '../row-access.js';
import { createRowPages } from '../row-pages.js';
import { oneIdentifierNames } from '../sql-names.js';
import { quoteIdent } from './render-ddl.js';
import { describeSqliteQuery } from './describe-query.js';
import { sqliteAdmin } from './admin.js';
import { connectSqlite } from './driver.js';
import { introspectSqlite } from './introspect.js';
import { acquireSqliteLock } from './lock.js';
import { alignRecordedSpellingSqlite } from './recorded-spelling.js';
import { renderSqlite } from './render.js';
import { renderSqliteSchema } from './render-schema.js';
import { createSqliteShadow } from './shadow.js';
import { splitSqliteStatements } from './split-statements.js';
import { sqliteTraits } from './traits.js';

const trackingTableDdl = `CREATE TABLE IF NOT EXISTS "_flash_migrations" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "migration_name" TEXT NOT NULL,
  "checksum" TEXT NOT NULL,
  "from_hash" TEXT,
  "to_hash" TEXT,
  "started_at" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "finished_at" TEXT,
  "rolled_back_at" TEXT,
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
  "logs" TEXT
)`;

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  traits: sqliteTraits,
  capabilities: {
    transactionalDdl: true,
    advisoryLocks: false,
    alterColumn: false,
    templates: false,
    enumTypes: false,
  },
  embeddedShadowId: () => 'sqlite:memory',
  connect: connectSqlite,
  introspect: introspectSqlite,
  unmodelled: unmodelledSqlite,
  alignRecordedSpelling: alignRecordedSpellingSqlite,
  unsupportedStatement: unsupportedStatementSqlite,
  render: (ops, ctx) => {
    refusePostgresOnly('SQLite', ctx.to, ops);
    return renderSqlite(ops, ctx);
  },
  renderSchema: (schema) => {
    refusePostgresOnly('SQLite', schema);
    return renderSqliteSchema(schema);
  },
  createShadow: () => createSqliteShadow(),
  splitStatements: splitSqliteStatements,
  acquireLock: acquireSqliteLock,
  trackingTableDdl: () => trackingTableDdl,
  tableColumns: async (conn, table) =>
    (await conn.query<{ c: string }>('SELECT name AS c FROM pragma_table_info(?) ORDER BY cid', [table])).map((r) => r.c),
  databases: sqliteAdmin,
  data: sqliteData,
  // SQLITE_MAX_VARIABLE_NUMBER (32,766 since SQLite 3.32)
  rows: createRowAccess(oneIdentifierNames(quoteIdent), 32766),
  pages: createRowPages(oneIdentifierNames(quoteIdent), {
    textType: 'text',
    lockClause: '',
    begin: 'BEGIN IMMEDIATE',
    engineError: sqliteError,
  }),
  queries: {
    placeholders: 'question',
    lex: {},
    driver: 'better-sqlite3',
    describe: (conn, sql, schema) => describeSqliteQuery(conn, sql, schema),
  },
};
