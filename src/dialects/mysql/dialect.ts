import type { Dialect } from '../dialect.js';
import { mysqlAdmin } from './admin.js';
import { connectMysql } from './driver.js';
import { introspectMysql } from './introspect.js';
import { acquireMysqlLock } from './lock.js';
import { renderMysql } from './render.js';
import { renderMysqlSchema } from './render-schema.js';
import { createMysqlShadow } from './shadow.js';
import { splitMysqlStatements } from './split-statements.js';

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
export const mysqlDialect: Dialect = {
  name: 'mysql',
  capabilities: { transactionalDdl: false, advisoryLocks: true, alterColumn: true, templates: false, enumTypes: false, placeColumns: true, quoteSyntax: { backslashEscapes: true } },
  connect: (url) => connectMysql(url),
  introspect: introspectMysql,
  render: renderMysql,
  renderSchema: renderMysqlSchema,
  createShadow: createMysqlShadow,
  splitStatements: splitMysqlStatements,
  acquireLock: acquireMysqlLock,
  trackingTableDdl: () => trackingTable,
  databases: mysqlAdmin,
};
