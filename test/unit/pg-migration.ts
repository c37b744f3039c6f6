import { expect } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Schema } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';

/** Diff options of the PostgreSQL unit suites: the engine's traits, column order aside. */
export const pgDiffOptions = { traits: postgresDialect.traits, ignoreColumnOrder: true };

/** Up and Down SQL of from → to on PostgreSQL, after checking that replaying the operations reaches `to` (both ways). */
export function pgMigration(from: Schema, to: Schema): { up: string[]; down: string[] } {
  const render = (a: Schema, b: Schema) => {
    const ops = diffSchemas(a, b, pgDiffOptions);
    expect(canonicalJson(canonicalizeSchema(applyOperations(a, ops)))).toBe(canonicalJson(canonicalizeSchema(b)));
    return postgresDialect.render(ops, { from: a, to: b }).map((s) => s.sql);
  };
  return { up: render(from, to), down: render(to, from) };
}
