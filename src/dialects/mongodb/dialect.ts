import { FlashError } from '../../errors.js';
import type { Schema } from '../../core/model/schema.js';
import type { Dialect, DialectData } from '../dialect.js';
import type { RowPages } from '../row-pages.js';
import type { RowAccess } from '../row-access.js';
import { mongoAdmin } from './admin.js';
import { connectMongo, type MongoConnection } from './driver.js';
import { introspectMongo } from './introspect.js';
import { acquireMongoLock } from './lock.js';
import { liveConnection, mongoOf, shadowConnection, type MongoFlashConnection } from './connection.js';
import { renderMongo } from './render.js';
import { EXAMPLE_SCHEMA_FILE, layoutMongoSchemaFiles, renderMongoSchema } from './schema-layout.js';
import { schemaFromJsonFiles } from './schema-files.js';
import { splitMongoCommands } from './split-commands.js';
import { unmodelledMongo } from './unmodelled.js';
import { mongoTraits } from './traits.js';

function unsupported(what: string): never {
  throw new FlashError(
    'E_UNSUPPORTED',
    `${what} is not available for MongoDB.`,
    'Flash versions MongoDB collections, validators and indexes; row data tools (export, backup, seed, raw, gen) need a SQL provider.',
  );
}

const refuse = (what: string) => () => Promise.resolve(unsupported(what));

/** Row-data tools are SQL-shaped (tables, columns): refused by name for MongoDB, never half-done. */
const mongoData: DialectData = {
  beginRead: refuse('Reading rows (export/backup)'),
  // eslint-disable-next-line require-yield -- refuses before yielding anything
  async *streamRows() {
    unsupported('Reading rows (export/backup)');
  },
  loadPlan: () => unsupported('Loading rows (restore)'),
  insertRows: refuse('Loading rows (restore)'),
  trackingTable: { name: '_flash_migrations', columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] },
  execute: refuse('flash raw'),
  enterReadOnly: refuse('flash raw'),
  isReadOnlyViolation: () => false,
  readOnlyEscape: /$^/,
};

const mongoPages: RowPages = {
  count: refuse('The studio data grid'),
  page: refuse('The studio data grid'),
  lockRow: refuse('The studio data grid'),
  deleteRow: refuse('The studio data grid'),
  transaction: refuse('The studio data grid'),
};

const mongoRows: RowAccess = {
  insert: refuse('flash seed'),
  select: refuse('flash seed'),
  update: refuse('flash seed'),
  max: refuse('flash seed'),
};

/**
 * MongoDB through the same entry points as SQL: the desired schema is db/schema/*.json (no shadow
 * database), migrations hold one JSON command per statement, `_flash_migrations` is a collection, and
 * the shadow that sealing and `check` replay migrations on is the schema model itself (replay.ts).
 * `connect` is a parameter so tests can run the whole flow on a test double (test/helpers/fake-mongo.ts).
 */
export function createMongoDialect(connect: (url: string) => Promise<MongoConnection>): Dialect {
  return {
    name: 'mongodb',
    traits: mongoTraits,
    capabilities: {
      transactionalDdl: false,
      advisoryLocks: false,
      alterColumn: false,
      templates: false,
      enumTypes: false,
      // JSON strings escape quotes with a backslash; `#` never appears outside them.
      quoteSyntax: { backslashEscapes: true },
      statementTerminator: '',
    },
    connect: async (url) => liveConnection(await connect(url)),
    introspect: async (conn) => {
      const model = (conn as MongoFlashConnection).model;
      return model ? structuredClone<Schema>(model) : introspectMongo(mongoOf(conn));
    },
    unmodelled: async (conn) => {
      if ((conn as MongoFlashConnection).model) return [];
      const mongo = mongoOf(conn);
      const infos = await mongo.listCollections();
      return unmodelledMongo(await mongo.listViews(), infos, await Promise.all(infos.map((c) => mongo.listIndexes(c.name))));
    },
    unsupportedStatement: () => undefined,
    render: (ops) => renderMongo(ops),
    renderSchema: renderMongoSchema,
    createShadow: () => Promise.resolve({ connection: shadowConnection(), dispose: () => Promise.resolve() }),
    splitStatements: splitMongoCommands,
    acquireLock: (conn, onWait) => acquireMongoLock(mongoOf(conn), onWait),
    // The tracking collection is created by its first insert; nothing to run beforehand.
    trackingTableDdl: () => '',
    // Flash ORM never wrote MongoDB tracking: no foreign format to tell apart.
    tableColumns: () => Promise.resolve([]),
    databases: mongoAdmin(connect),
    data: mongoData,
    rows: mongoRows,
    pages: mongoPages,
    declarativeSchema: {
      extension: '.json',
      parse: schemaFromJsonFiles,
      example: EXAMPLE_SCHEMA_FILE,
      layout: layoutMongoSchemaFiles,
    },
  };
}

export const mongoDialect = createMongoDialect((url) => connectMongo(url));
