import { tokenize } from '../src/dialects/sqlite/tokenizer.js';
import { parseCreateTable } from '../src/dialects/sqlite/parse-ddl.js';
const s = `CREATE TABLE t1 (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES t0 (id), name TEXT UNIQUE, CHECK (length(name) < 100))`;
for (let r = 0; r < 3; r++) {
let t = performance.now(); for (let i = 0; i < 2000; i++) tokenize(s); console.log('tok', performance.now() - t);
t = performance.now(); for (let i = 0; i < 2000; i++) parseCreateTable(s); console.log('parse', performance.now() - t);
}
