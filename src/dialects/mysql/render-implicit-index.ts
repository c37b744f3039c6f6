import type { ForeignKey, Index, Table } from '../../core/model/schema.js';
import { q, qList } from './ddl.js';
import { isServedByOtherKey } from './implicit-fk-index.js';

/**
 * Dropping the last index that serves a foreign key fails in InnoDB (error 1553); adding the FK's
 * implicit index in the same statement keeps the FK served, and introspection hides that index again.
 * `current` is the table right before the drop.
 */
export function dropKeySql(current: Table | undefined, table: string, name: string): string {
  const replacements: string[] = [];
  if (current) {
    const dropped = keyColumns(current, name);
    for (const fk of current.foreignKeys) {
      const served = dropped && fk.columns.every((c, i) => dropped[i] === c);
      if (served && !isServedByOtherKey(current, fk, name)) {
        replacements.push(`ADD INDEX ${q(fk.name)} (${qList(fk.columns)})`);
      }
    }
  }
  if (!replacements.length) return `DROP INDEX ${q(name)} ON ${q(table)}`;
  return `ALTER TABLE ${q(table)} DROP INDEX ${q(name)}, ${replacements.join(', ')}`;
}

/** The FK's implicit index (see implicit-fk-index.ts) is dropped with it, so it never lingers as a stray index. */
export function dropForeignKeySql(current: Table | undefined, table: string, fk: ForeignKey): string[] {
  const out = [`ALTER TABLE ${q(table)} DROP FOREIGN KEY ${q(fk.name)}`];
  if (!current || isServedByOtherKey(current, fk)) return out;
  const visible = new Set(current.indexes.map((ix) => ix.name).concat(current.uniques.map((u) => u.name)));
  const candidates = [...new Set([fk.name, fk.columns[0]])].filter((n) => !visible.has(n));
  const stillNeeded = (n: string): boolean =>
    current.foreignKeys.some((other) => other.name !== fk.name && (other.name === n || other.columns[0] === n));
  for (const name of candidates) {
    if (!stillNeeded(name)) out.push(`ALTER TABLE ${q(table)} DROP INDEX IF EXISTS ${q(name)}`);
  }
  return out;
}

/** The leading plain columns of key `name` ('\0' for a prefix or expression part); undefined when it cannot serve a FK. */
function keyColumns(table: Table, name: string): string[] | undefined {
  const u = table.uniques.find((x) => x.name === name);
  if (u) return u.columns;
  const ix: Index | undefined = table.indexes.find((x) => x.name === name);
  if (!ix || ix.method === 'fulltext' || ix.method === 'spatial') return undefined;
  return ix.elements.map((e) => (e.column !== undefined && e.length === undefined ? e.column : '\0'));
}
