import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import type { ShadowDatabase } from '../../src/dialects/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { codes, ignoringColumnOrder, warningCodes } from './merge-ir.js';
import { traitsOf } from '../helpers/engine-traits.js';

/**
 * PostgreSQL-only merge scenarios (enums, test/fixtures/merge-pg/) and the portable corpus
 * (test/fixtures/merge/), introspected with the PostgreSQL dialect on embedded PGlite (one
 * instance, schema reset between files), so the merge is also checked on PG-shaped IR (constraint
 * names, shared index namespace, enum types).
 */
interface Expected {
  merged?: string;
  conflicts?: string[];
  paths?: string[];
  warnings?: string[];
}

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const scenariosIn = (folder: string) =>
  readdirSync(path.join(fixtures, folder))
    .filter((name) => statSync(path.join(fixtures, folder, name)).isDirectory())
    .sort()
    .map((name) => path.join(folder, name));

let shadow: ShadowDatabase;

beforeAll(async () => {
  shadow = await postgresDialect.createShadow({});
}, 300_000); // PGlite can take tens of seconds to start on a loaded 2-core machine

afterAll(async () => {
  await shadow?.dispose();
});

async function introspectSql(file: string): Promise<Schema> {
  const conn = shadow.connection;
  // every schema a scenario created goes too, not only public
  await conn.exec(
    `DO $$ DECLARE s text; BEGIN
       FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LOOP
         EXECUTE format('DROP SCHEMA %I CASCADE', s);
       END LOOP;
     END $$; CREATE SCHEMA public;`,
  );
  await conn.exec(readFileSync(file, 'utf8'));
  return postgresDialect.introspect(conn);
}

describe('merge corpus on PostgreSQL IR (PG-only scenarios, then the portable ones)', () => {
  for (const name of [...scenariosIn('merge-pg'), ...scenariosIn('merge')]) {
    it(name, async () => {
      const dir = path.join(fixtures, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
      const base = await introspectSql(path.join(dir, 'base.sql'));
      const ours = await introspectSql(path.join(dir, 'ours.sql'));
      const theirs = await introspectSql(path.join(dir, 'theirs.sql'));
      const result = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
      const swapped = mergeSchemas(base, theirs, ours, { traits: traitsOf(base.provider) });
      expect(codes(result)).toEqual([...(expected.conflicts ?? [])].sort());
      if (expected.paths) expect(result.ok ? [] : result.conflicts.map((c) => c.path).sort()).toEqual([...expected.paths].sort());
      expect(warningCodes(result)).toEqual([...(expected.warnings ?? [])].sort());
      expect(codes(swapped)).toEqual(codes(result));
      if (expected.merged === undefined) return;
      if (!result.ok || !swapped.ok) throw new Error(`expected a clean merge: ${JSON.stringify(result)}`);
      const want = snapshotOf(await introspectSql(path.join(dir, expected.merged)));
      expect(snapshotOf(result.merged).content).toBe(want.content);
      expect(snapshotOf(ignoringColumnOrder(swapped.merged)).id).toBe(snapshotOf(ignoringColumnOrder(result.merged)).id);
    });
  }
});
