import { FlashError } from '../../errors.js';
import type { CompositeType, Domain } from '../../core/model/schema.js';
import { q, qn } from './ddl.js';

/** DDL for domains and composite types: created whole, changed with ALTER (a type in use cannot be dropped). */

export function createDomainSql(d: Domain): string {
  let sql = `CREATE DOMAIN ${qn(d.name)} AS ${d.type}`;
  if (d.collation !== undefined) sql += ` COLLATE ${q(d.collation)}`;
  if (d.default !== undefined) sql += ` DEFAULT ${d.default}`;
  if (d.notNull) sql += ' NOT NULL';
  for (const c of d.checks ?? []) sql += ` CONSTRAINT ${q(c.name)} CHECK (${c.expression})`;
  return sql;
}

export function createCompositeTypeSql(t: CompositeType): string {
  const attributes = t.attributes.map((a) => `${q(a.name)} ${a.type}${a.collation !== undefined ? ` COLLATE ${q(a.collation)}` : ''}`);
  return `CREATE TYPE ${qn(t.name)} AS (${attributes.join(', ')})`;
}

/**
 * Default, NOT NULL and CHECKs change in place. The base type and collation cannot change while
 * columns use the domain, so that is refused with the hand-written steps instead of a DROP … CASCADE
 * that would take the columns with it.
 */
export function alterDomainSql(from: Domain, to: Domain, storedInComposites: string[]): string[] {
  if (from.type !== to.type || from.collation !== to.collation) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `Domain "${to.name}" changes its base type or collation (${from.type} → ${to.type}), which ALTER DOMAIN cannot do.`,
      'Create a domain under a new name, switch the columns to it, then drop the old one (or write this migration by hand with `flash new`).',
      { data: { domain: to.name } },
    );
  }
  const d = qn(to.name);
  const sql: string[] = [];
  const before = new Map((from.checks ?? []).map((c) => [c.name, c.expression]));
  const after = new Map((to.checks ?? []).map((c) => [c.name, c.expression]));
  for (const [name, expression] of before) if (after.get(name) !== expression) sql.push(`ALTER DOMAIN ${d} DROP CONSTRAINT ${q(name)}`);
  if (from.default !== to.default)
    sql.push(to.default === undefined ? `ALTER DOMAIN ${d} DROP DEFAULT` : `ALTER DOMAIN ${d} SET DEFAULT ${to.default}`);
  if (Boolean(from.notNull) !== Boolean(to.notNull)) sql.push(`ALTER DOMAIN ${d} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`);
  const tightens = [...after].some(([name, expression]) => before.get(name) !== expression) || (to.notNull && !from.notNull);
  if (tightens && storedInComposites.length) {
    // PostgreSQL cannot check existing values that sit inside composite-typed columns.
    throw new FlashError(
      'E_UNSUPPORTED',
      `Domain "${to.name}" gains a CHECK or NOT NULL, which PostgreSQL refuses while composite-typed columns store it (${storedInComposites.join(', ')}).`,
      'Write this migration by hand with `flash new` (for example: a new domain, the composite attribute switched to it).',
      { data: { domain: to.name, columns: storedInComposites } },
    );
  }
  for (const [name, expression] of after) {
    if (before.get(name) !== expression) sql.push(`ALTER DOMAIN ${d} ADD CONSTRAINT ${q(name)} CHECK (${expression})`);
  }
  return sql;
}

/**
 * Attributes are dropped, retyped and appended with ALTER TYPE. PostgreSQL cannot move an attribute,
 * so a target order other than "kept ones in their order, new ones at the end" is refused by name.
 */
export function alterCompositeTypeSql(from: CompositeType, to: CompositeType, storedInColumns: string[]): string[] {
  const t = qn(to.name);
  const next = new Map(to.attributes.map((a) => [a.name, a]));
  const old = new Map(from.attributes.map((a) => [a.name, a]));
  const kept = from.attributes.filter((a) => next.has(a.name)).map((a) => a.name);
  const added = to.attributes.filter((a) => !old.has(a.name)).map((a) => a.name);
  if ([...kept, ...added].join('\0') !== to.attributes.map((a) => a.name).join('\0')) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `Composite type "${to.name}" reorders its attributes, which ALTER TYPE cannot do.`,
      'Keep existing attributes in their order and add new ones at the end, or write this migration by hand with `flash new`.',
      { data: { type: to.name } },
    );
  }
  const actions: string[] = [];
  for (const a of from.attributes) if (!next.has(a.name)) actions.push(`DROP ATTRIBUTE ${q(a.name)}`);
  for (const a of to.attributes) {
    const o = old.get(a.name);
    const collate = a.collation !== undefined ? ` COLLATE ${q(a.collation)}` : '';
    if (!o) actions.push(`ADD ATTRIBUTE ${q(a.name)} ${a.type}${collate}`);
    else if (o.type !== a.type || o.collation !== a.collation) {
      if (storedInColumns.length) {
        throw new FlashError(
          'E_UNSUPPORTED',
          `Composite type "${to.name}" changes the type of attribute "${a.name}", which PostgreSQL refuses while columns store it (${storedInColumns.join(', ')}).`,
          'Add a new attribute and drop the old one instead, or write this migration by hand with `flash new`.',
          { data: { type: to.name, attribute: a.name, columns: storedInColumns } },
        );
      }
      actions.push(`ALTER ATTRIBUTE ${q(a.name)} TYPE ${a.type}${collate}`);
    }
  }
  return actions.length ? [`ALTER TYPE ${t} ${actions.join(', ')}`] : [];
}
