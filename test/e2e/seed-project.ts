import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LifecycleEngine } from './lifecycle-engines.js';

/**
 * One schema with everything `flash seed` must honour, spelled for each engine: a two-table cycle
 * (users.team_id NOT NULL → teams, teams.lead_id nullable → users), a self-reference
 * (users.mentor_id), UNIQUE single and composite, CHECK ranges and lists, an enum.
 */
export function seedSchema(provider: LifecycleEngine['provider']): string[] {
  const id = { postgresql: 'serial PRIMARY KEY', mysql: 'int AUTO_INCREMENT PRIMARY KEY', sqlite: 'integer PRIMARY KEY' }[provider];
  const mood = { postgresql: 'mood', mysql: "enum('happy','sad','ok')", sqlite: "text CHECK (mood IN ('happy','sad','ok'))" }[provider];
  const ts = provider === 'mysql' ? 'datetime' : 'timestamp';
  return [
    ...(provider === 'postgresql' ? ["CREATE TYPE mood AS ENUM ('happy','sad','ok')"] : []),
    `CREATE TABLE teams (id ${id}, name varchar(30) NOT NULL UNIQUE, lead_id integer)`,
    `CREATE TABLE users (id ${id}, email varchar(60) NOT NULL UNIQUE, age integer NOT NULL CHECK (age >= 21 AND age < 30), role varchar(10) NOT NULL CHECK (role IN ('admin','member','guest')), mood ${mood} NOT NULL, team_id integer NOT NULL REFERENCES teams(id), mentor_id integer REFERENCES users(id), created_at ${ts} NOT NULL)`,
    ...(provider === 'sqlite' ? [] : ['ALTER TABLE teams ADD CONSTRAINT teams_lead_fk FOREIGN KEY (lead_id) REFERENCES users(id)']),
    `CREATE TABLE posts (id ${id}, user_id integer NOT NULL REFERENCES users(id), title varchar(12) NOT NULL, price numeric(5,2) NOT NULL CHECK (price > 0 AND price <= 50), UNIQUE (user_id, title))`,
  ];
}

/** SQLite cannot add a foreign key later: its teams table references users from the start. */
export function sqliteSeedSchema(): string[] {
  return seedSchema('sqlite').map((s) =>
    s.startsWith('CREATE TABLE teams') ? s.replace('lead_id integer', 'lead_id integer REFERENCES users(id)') : s,
  );
}

export function writeSeedProject(dir: string, provider: LifecycleEngine['provider'], extra: Record<string, unknown> = {}): void {
  const config = {
    version: '2',
    schema_dir: 'db/schema',
    queries: 'db/queries/',
    migrations_path: 'db/migrations',
    export_path: 'db/export',
    database: { provider, url_env: 'DATABASE_URL', ...extra },
  };
  writeFileSync(path.join(dir, 'flash.config.json'), JSON.stringify(config, null, 2));
  mkdirSync(path.join(dir, 'db', 'schema'), { recursive: true });
}
