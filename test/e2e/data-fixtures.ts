import type { LifecycleEngine } from './lifecycle-engines.js';

/**
 * A schema with the types export and backup must keep (64-bit ids past 2^53, decimals, floats,
 * booleans, binary, JSON, dates and instants, enums, arrays on PostgreSQL, generated columns,
 * a self-reference), and rows with the awkward values (quotes, commas, newlines, empty strings, NULLs).
 */
export interface DataFixture {
  schema: string;
  seed: string[];
  /** a user row's id past 2^53, as the JSON export must spell it */
  bigId: string;
}

const N = 300;

export const dataFixtures: Record<LifecycleEngine['provider'], DataFixture> = {
  postgresql: {
    schema: `CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  mood mood,
  profile jsonb,
  avatar bytea,
  score numeric(14,3),
  ratio double precision,
  active boolean NOT NULL DEFAULT true,
  born date,
  created timestamptz,
  local_ts timestamp,
  tags text[]
);
CREATE TABLE posts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  reply_to integer REFERENCES posts (id),
  title text NOT NULL,
  title_upper text GENERATED ALWAYS AS (upper(title)) STORED
);
CREATE INDEX posts_user_idx ON posts (user_id);
`,
    seed: [
      `INSERT INTO users (email, mood, profile, avatar, score, ratio, active, born, created, local_ts, tags)
       SELECT 'u' || g || '@x.test', CASE WHEN g % 2 = 0 THEN 'sad'::mood END, jsonb_build_object('n', g, 'l', jsonb_build_array(g, 'x')),
              decode(lpad(to_hex(g), 4, '0'), 'hex'), g * 1.125, g / 3.0, g % 3 = 0, date '2000-01-01' + g,
              timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', timestamp '2024-01-01 12:00:00.5' + g * interval '1 minute', ARRAY['a' || g, 'b,"q"']
       FROM generate_series(1, ${N}) g`,
      `INSERT INTO users (id, email, profile, score, ratio, active, tags) VALUES (9007199254740993, E'odd,"quoted"\\nline', '[]', 12345678901.5, 'NaN', false, '{}')`,
      `INSERT INTO users (id, email, active) VALUES (9007199254740994, '', true)`,
      `INSERT INTO posts (user_id, title) SELECT g, 'post ' || g FROM generate_series(1, ${N}) g`,
      `INSERT INTO posts (user_id, reply_to, title) SELECT g, g, 're: ' || g FROM generate_series(1, 50) g`,
    ],
    bigId: '9007199254740993',
  },
  mysql: {
    schema: `CREATE TABLE users (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(200) NOT NULL,
  mood enum('ok','sad'),
  profile json,
  avatar varbinary(16),
  score decimal(14,3),
  ratio double,
  active tinyint(1) NOT NULL DEFAULT 1,
  born date,
  created timestamp(3) NULL,
  local_ts datetime(3),
  UNIQUE KEY users_email (email)
);
CREATE TABLE posts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint NOT NULL,
  reply_to int,
  title varchar(200) NOT NULL,
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT posts_reply_fk FOREIGN KEY (reply_to) REFERENCES posts (id)
);
`,
    seed: [
      `INSERT INTO users (email, mood, profile, avatar, score, ratio, active, born, created, local_ts)
       WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${N})
       SELECT CONCAT('u', g, '@x.test'), IF(g % 2 = 0, 'sad', NULL), JSON_OBJECT('n', g, 'l', JSON_ARRAY(g, 'x')), UNHEX(LPAD(HEX(g), 4, '0')),
              g * 1.125, g / 3.0, g % 3 = 0, DATE_ADD('2000-01-01', INTERVAL g DAY), TIMESTAMPADD(HOUR, g, '2024-01-01 00:00:00'),
              TIMESTAMPADD(MINUTE, g, '2024-01-01 12:00:00.5') FROM s`,
      `INSERT INTO users (id, email, profile, score, ratio, active) VALUES (9007199254740993, 'odd,"quoted"\\nline', '[]', 12345678901.5, 0.1, 0)`,
      `INSERT INTO users (id, email, active) VALUES (9007199254740994, '', 1)`,
      `INSERT INTO posts (user_id, title) WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${N}) SELECT g, CONCAT('post ', g) FROM s`,
      `INSERT INTO posts (user_id, reply_to, title) WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 50) SELECT g, g, CONCAT('re: ', g) FROM s`,
    ],
    bigId: '9007199254740993',
  },
  sqlite: {
    schema: `CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  mood TEXT CHECK (mood IN ('ok', 'sad')),
  profile JSON,
  avatar BLOB,
  score NUMERIC,
  ratio REAL,
  active BOOLEAN NOT NULL DEFAULT 1,
  born DATE,
  created DATETIME,
  local_ts TEXT,
  big BIGINT
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  reply_to INTEGER REFERENCES posts (id),
  title TEXT NOT NULL
);
CREATE INDEX posts_user_idx ON posts (user_id);
CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN UPDATE users SET local_ts = 'touched by ' || NEW.id WHERE id = NEW.user_id; END;
`,
    seed: [
      `WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${N})
       INSERT INTO users (email, mood, profile, avatar, score, ratio, active, born, created, local_ts, big)
       SELECT 'u' || g || '@x.test', CASE WHEN g % 2 = 0 THEN 'sad' END, json_object('n', g, 'l', json_array(g, 'x')), unhex(printf('%04x', g)),
              g * 1.125, g / 3.0, g % 3 = 0, date('2000-01-01', '+' || g || ' days'), datetime('2024-01-01 00:00:00', '+' || g || ' hours'), NULL, g * 1000000000000 FROM s`,
      `INSERT INTO users (id, email, profile, score, ratio, active, big) VALUES (9007199254740993, 'odd,"quoted"' || char(10) || 'line', '[]', 12345678901.5, 0.1, 0, 9007199254740993)`,
      `INSERT INTO users (id, email, active) VALUES (9007199254740994, '', 1)`,
      `WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${N}) INSERT INTO posts (user_id, title) SELECT g, 'post ' || g FROM s`,
      `WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 50) INSERT INTO posts (user_id, reply_to, title) SELECT g, g, 're: ' || g FROM s`,
    ],
    // SQLite's id is INTEGER (not declared 64-bit): past 2^53 it cannot be a number, so it is a string
    bigId: '9007199254740993',
  },
};

export const USER_ROWS = N + 2;
export const POST_ROWS = N + 50;
