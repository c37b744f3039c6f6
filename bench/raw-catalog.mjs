#!/usr/bin/env node
// The physical floor of introspection: one Node process that connects and runs the three catalog
// queries (all columns, all indexes, all foreign keys) of a database, nothing else.
// Usage: node bench/raw-catalog.mjs postgresql|mysql <url>   → prints the row counts.
const [engine, url] = process.argv.slice(2);

if (engine === 'postgresql') {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const columns = await c.query(`
    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const indexes = await c.query(`
    SELECT t.relname AS table, i.relname AS index, ix.indisunique, ix.indisprimary, pg_get_indexdef(ix.indexrelid) AS def
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'`);
  const fks = await c.query(`
    SELECT t.relname AS table, con.conname, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND con.contype = 'f'`);
  await c.end();
  console.log(JSON.stringify({ columns: columns.rowCount, indexes: indexes.rowCount, fks: fks.rowCount }));
} else if (engine === 'mysql') {
  const { default: mysql } = await import('mysql2/promise');
  const c = await mysql.createConnection({ uri: url });
  const db = new URL(url).pathname.slice(1);
  const [columns] = await c.query(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [db],
  );
  const [indexes] = await c.query(
    `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [db],
  );
  const [fks] = await c.query(
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
     FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
     WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL`,
    [db],
  );
  await c.end();
  console.log(JSON.stringify({ columns: columns.length, indexes: indexes.length, fks: fks.length }));
} else {
  console.error('usage: node bench/raw-catalog.mjs postgresql|mysql <url>');
  process.exit(2);
}
