import { diffSchemas } from '../src/core/diff/diff.js';
import { irOf } from '../test/dialects/sqlite-test-db.js';
const a = await irOf(`CREATE TABLE t (a INT); CREATE TABLE log (x);`);
const b = await irOf(`CREATE TABLE t (a INT); CREATE TABLE log (x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END;`);
console.log('trigger-only diff:', JSON.stringify(diffSchemas(a, b)));
