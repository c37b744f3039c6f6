import { it } from 'vitest';
import { withTempDb } from '../dialects/postgres-test-db.js';
const ddl = [
  'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, email VARCHAR(255), nick TEXT, age BIGINT, score INT)',
  'CREATE TABLE posts (id INT NOT NULL PRIMARY KEY, user_id INT)',
  'CREATE TABLE logs (id INT NOT NULL PRIMARY KEY)',
  "INSERT INTO users VALUES (1, 'a@x', NULL, 10, 5), (2, 'a@x', 'n2', 3000000000, -1), (3, NULL, 'n3', 20, 7), (4, 'long-email-address', NULL, NULL, 1)",
  'INSERT INTO posts VALUES (1, 1), (2, 99), (3, NULL), (4, 98)',
  'INSERT INTO logs VALUES (1), (2), (3)',
];
it('dbg', async () => {
  const t0 = Date.now();
  await withTempDb(async ({ conn }) => {
    for (const s of ddl) { await conn.exec(s); console.log(s.slice(0, 30), Date.now() - t0); }
  });
  console.log('done', Date.now() - t0);
}, 120000);
