import { sqliteDialect as d } from '../src/dialects/sqlite/dialect.js';
import fs from 'node:fs';
fs.rmSync('/tmp/sq2/big.db', { force: true });
const conn = await d.connect('/tmp/sq2/big.db');
const ddl: string[] = [];
for (let i = 0; i < 2000; i++) ddl.push(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES t${Math.max(0, i - 1)} (id), name TEXT UNIQUE, CHECK (length(name) < 100)); CREATE INDEX t${i}_ref ON t${i} (ref);`);
await conn.exec('BEGIN;' + ddl.join('\n') + 'COMMIT;');
