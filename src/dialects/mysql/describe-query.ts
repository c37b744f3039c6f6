/**
 * flash gen on MySQL/MariaDB: a server-side prepare answers one column definition per result column
 * (protocol type, NOT NULL flag, original table and column). Parameters carry no type in MySQL's
 * protocol; core/gen/resolve-query.ts types them from the column each is compared with or stored in.
 */
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import type { BaseType, DescribedQuery, GenType } from '../../core/gen/model.js';
import { MysqlConnection, type MysqlColumnDefinition } from './driver.js';

const NOT_NULL = 1;
const UNSIGNED = 32;
const BINARY_CHARSET = 63;

export async function describeMysqlQuery(conn: Connection, sql: string): Promise<DescribedQuery> {
  if (!(conn instanceof MysqlConnection))
    throw new FlashError('E_INTERNAL', 'The MySQL dialect was given a connection it did not open.', 'Open shadows with the MySQL dialect.');
  const columns = await conn.describeStatement(sql);
  return {
    params: [],
    columns: columns.map((c) => ({
      name: c.name,
      type: columnType(c),
      nullable: (c.flags & NOT_NULL) === 0,
      ...(c.orgTable && c.orgName ? { origin: { table: c.orgTable, column: c.orgName } } : {}),
    })),
  };
}

/** Protocol type codes (include/mysql_com.h enum_field_types). */
function columnType(c: MysqlColumnDefinition): GenType {
  const binary = c.characterSet === BINARY_CHARSET;
  const unsigned = (c.flags & UNSIGNED) !== 0;
  const byCode: Record<number, [BaseType, string]> = {
    0: ['decimal', 'decimal'],
    1: c.columnLength === 1 ? ['bool', 'tinyint(1)'] : ['int', 'tinyint'],
    2: ['int', 'smallint'],
    3: ['int', unsigned ? 'int unsigned' : 'int'],
    4: ['float', 'float'],
    5: ['float', 'double'],
    7: ['timestamp', 'timestamp'],
    8: ['bigint', unsigned ? 'bigint unsigned' : 'bigint'],
    9: ['int', 'mediumint'],
    10: ['date', 'date'],
    11: ['time', 'time'],
    12: ['timestamp', 'datetime'],
    13: ['int', 'year'],
    15: binary ? ['bytes', 'varbinary'] : ['text', 'varchar'],
    16: ['bytes', 'bit'],
    245: ['json', 'json'],
    246: ['decimal', 'decimal'],
    247: ['enum', 'enum'],
    248: ['text', 'set'],
    249: binary ? ['bytes', 'tinyblob'] : ['text', 'tinytext'],
    250: binary ? ['bytes', 'mediumblob'] : ['text', 'mediumtext'],
    251: binary ? ['bytes', 'longblob'] : ['text', 'longtext'],
    252: binary ? ['bytes', 'blob'] : ['text', 'text'],
    253: binary ? ['bytes', 'varbinary'] : ['text', 'varchar'],
    254: binary ? ['bytes', 'binary'] : ['text', 'char'],
  };
  const [base, dbType] = byCode[c.columnType] ?? ['unknown', `mysql type ${c.columnType}`];
  // enum columns arrive as strings with the ENUM flag; their labels come from the schema IR
  return { base: (c.flags & 256) !== 0 ? 'enum' : base, dbType };
}
