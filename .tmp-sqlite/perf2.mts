import Database from 'better-sqlite3';
const db = new Database(':memory:');
const ddl: string[] = [];
for (let i = 0; i < 2000; i++) ddl.push(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES t${Math.max(0, i - 1)} (id), name TEXT UNIQUE, CHECK (length(name) < 100)); CREATE INDEX t${i}_ref ON t${i} (ref);`);
db.exec(ddl.join('\n'));
const q = {
 list: `SELECT * FROM pragma_table_list`,
 objects: `SELECT m.type, m.name, m.sql, tl.wr FROM sqlite_schema m LEFT JOIN pragma_table_list tl ON tl.schema = 'main' AND tl.name = m.name`,
 objects2: `SELECT m.type, m.name, m.sql, tl.wr FROM sqlite_schema m LEFT JOIN pragma_table_list(m.name) tl ON tl.schema = 'main'`,
 cols: `SELECT m.name, c.* FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c WHERE m.type='table'`,
 idx: `SELECT m.name, il.name, ix.* FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ix WHERE m.type='table'`,
 fks: `SELECT m.name, f.* FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE m.type='table'`,
};
for (const [k, sql] of Object.entries(q)) { const t = performance.now(); const n = db.prepare(sql).all().length; console.log(k, n, Math.round(performance.now() - t)); }
