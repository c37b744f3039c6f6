import type { Dialect } from '../dialect.js';
import { refusePostgresOnly } from '../postgres-only.js';
import { unmodelledMysql, unsupportedStatementMysql } from './unmodelled.js';
import { mysqlData } from './data.js';
import { createRowAccess } from '../row-access.js';
import { createRowPages } from '../row-pages.js';
import { oneIdentifierNames } from '../sql-names.js';
import { createAuditTable } from '../audit-table.js';
import { q } from './ddl.js';
import { describeMysqlQuery } from './describe-query.js';
import { mysqlAdmin } from './admin.js';
import { connectMysql } from './driver.js';
import { introspectMysql } from './introspect.js';
import { acquireMysqlLock } from './lock.js';
import { renderMysql } from './render.js';
import { renderMysqlSchema } from './render-schema.js';
import { createMysqlShadow } from './shadow.js';
import { splitMysqlStatements } from './split-statements.js';
import { mysqlTraits } from './traits.js';

const trackingTable = `CREATE TABLE IF NOT EXISTS \`_flash_migrations\` (
  \`id\` int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  \`migration_name\` varchar(255) NOT NULL,
  \`checksum\` varchar(64) NOT NULL,
  \`from_hash\` varchar(64) NULL,
  \`to_hash\` varchar(64) NULL,
  \`started_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  \`finished_at\` datetime(3) NULL,
  \`rolled_back_at\` datetime(3) NULL,
  \`applied_steps_count\` int NOT NULL DEFAULT 0,
  \`logs\` longtext NULL
)`;

/** MySQL 8 and MariaDB 10.5+ (RENAME COLUMN, CHECK constraints, DEFAULT expressions). */
const auditTable = `CREATE TABLE IF NOT EXISTS _flash_audit (
  id bigint AUTO_INCREMENT PRIMARY KEY,
  who varchar(255),
  at varchar(32) NOT NULL,
  command varchar(64) NOT NULL,
  branch varchar(255),
  db varchar(1024),
  from_hash char(64),
  to_hash char(64),
  statements int,
  duration_ms int NOT NULL,
  result varchar(8) NOT NULL,
  error text
)`;

export const mysqlDialect: Dialect = {
  name: 'mysql',
  traits: mysqlTraits,
  capabilities: {
    transactionalDdl: false,
    advisoryLocks: true,
    alterColumn: true,
    templates: false,
    enumTypes: false,
    placeColumns: true,
    quoteSyntax: { backslashEscapes: true },
  },
  connect: (url) => connectMysql(url),
  introspect: introspectMysql,
  unmodelled: unmodelledMysql,
  unsupportedStatement: unsupportedStatementMysql,
  render: (ops, ctx) => {
    refusePostgresOnly('MySQL', ctx.to, ops);
    return renderMysql(ops, ctx);
  },
  renderSchema: (schema) => {
    refusePostgresOnly('MySQL', schema);
    return renderMysqlSchema(schema);
  },
  createShadow: createMysqlShadow,
  splitStatements: splitMysqlStatements,
  acquireLock: acquireMysqlLock,
  trackingTableDdl: () => trackingTable,
  tableColumns: async (conn, table) =>
    (
      await conn.query<{ c: string }>(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
        [table],
      )
    ).map((r) => r.c),
  databases: mysqlAdmin,
  data: mysqlData,
  // 65,535 placeholders per prepared statement
  rows: createRowAccess(oneIdentifierNames(q), 65535),
  pages: createRowPages(oneIdentifierNames(q), { textType: 'char', lockClause: 'FOR UPDATE', begin: 'START TRANSACTION' }),
  queries: {
    placeholders: 'question',
    lex: { backslashEscapes: true, doubleQuoteStrings: true },
    driver: 'mysql2',
    describe: (conn, sql) => describeMysqlQuery(conn, sql),
  },
  auditTable: createAuditTable(auditTable),
};
