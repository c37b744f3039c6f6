import { sqliteDialect as d } from '../src/dialects/sqlite/dialect.js';
const conn = await d.connect(':memory:');
const ddl: string[] = [];
for (let i = 0; i < 2000; i++) ddl.push(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES t${Math.max(0, i - 1)} (id), name TEXT UNIQUE, CHECK (length(name) < 100)); CREATE INDEX t${i}_ref ON t${i} (ref);`);
await conn.exec(ddl.join('\n'));
const orig = conn.query.bind(conn);
(conn as any).query = async (sql: string, p?: unknown[]) => { const t = performance.now(); const r = await orig(sql, p); console.log(Math.round(performance.now() - t), sql.slice(0, 60).replace(/\s+/g, ' ')); return r; };
let t = performance.now();
await d.introspect(conn);
console.log('total', performance.now() - t);
(conn as any).query = orig;
for (let k = 0; k < 3; k++) { const t2 = performance.now(); await d.introspect(conn); console.log('again', performance.now() - t2); }
