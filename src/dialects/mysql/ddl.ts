import { createOptionClause } from './create-options.js';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  IndexElement,
  Table,
  TableOptions,
  UniqueConstraint,
} from '../../core/model/schema.js';
import { quoteLiteral } from './normalize.js';

/** SQL fragments shared by the operation renderer and `renderSchema`. */

export function q(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

export function qList(names: string[]): string {
  return names.map(q).join(', ');
}

const LITERAL_DEFAULT = [
  /^'(?:[^'\\]|''|\\.)*'$/s, // string
  /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i, // number
  /^[bx]'[0-9a-f]*'$/i, // bit / hex literal
  /^0x[0-9a-f]+$/i,
  /^NULL$/i,
  /^(?:TRUE|FALSE)$/i,
  /^CURRENT_TIMESTAMP(?:\(\d*\))?$/i,
];

/** Literals and CURRENT_TIMESTAMP are written bare; any other expression needs parentheses (MySQL 8.0.13+, MariaDB 10.2+). */
export function defaultClause(expr: string): string {
  return LITERAL_DEFAULT.some((re) => re.test(expr)) ? expr : `(${expr})`;
}

export function columnDefinition(c: Column): string {
  const parts = [q(c.name), c.type];
  if (c.collation && c.type !== 'json') parts.push(`COLLATE ${c.collation}`);
  if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
    // MariaDB rejects NULL/NOT NULL on generated columns; MySQL accepts NOT NULL.
    if (!c.nullable) parts.push('NOT NULL');
  } else {
    parts.push(c.nullable ? 'NULL' : 'NOT NULL');
    if (c.default !== undefined) parts.push(`DEFAULT ${defaultClause(c.default)}`);
    if (c.onUpdate) parts.push(`ON UPDATE ${c.onUpdate}`);
    if (c.identity) parts.push('AUTO_INCREMENT');
  }
  if (c.comment) parts.push(`COMMENT ${quoteLiteral(c.comment)}`);
  return parts.join(' ');
}

export function indexElements(elements: IndexElement[]): string {
  return elements
    .map((e) => {
      let s = e.expression !== undefined ? `(${e.expression})` : q(e.column!);
      if (e.length !== undefined) s += `(${e.length})`;
      if (e.descending) s += ' DESC';
      return s;
    })
    .join(', ');
}

function indexKind(ix: Index): string {
  if (ix.method === 'fulltext') return 'FULLTEXT';
  if (ix.method === 'spatial') return 'SPATIAL';
  return ix.unique ? 'UNIQUE' : '';
}

function usingClause(ix: Index): string {
  return ix.method === 'hash' || ix.method === 'btree' || ix.method === 'rtree' ? ` USING ${ix.method.toUpperCase()}` : '';
}

/** `UNIQUE KEY `name` (…)` inside CREATE TABLE / ALTER TABLE ADD. */
export function indexClause(ix: Index): string {
  const kind = indexKind(ix);
  return `${kind ? kind + ' ' : ''}KEY ${q(ix.name)} (${indexElements(ix.elements)})${usingClause(ix)}`;
}

export function createIndexStatement(table: string, ix: Index): string {
  const kind = indexKind(ix);
  return `CREATE ${kind ? kind + ' ' : ''}INDEX ${q(ix.name)} ON ${q(table)} (${indexElements(ix.elements)})${usingClause(ix)}`;
}

export function uniqueClause(u: UniqueConstraint): string {
  return `UNIQUE KEY ${q(u.name)} (${qList(u.columns)})`;
}

export function foreignKeyClause(fk: ForeignKey): string {
  let s = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${qList(fk.columns)}) REFERENCES ${q(fk.referencedTable)} (${qList(fk.referencedColumns)})`;
  if (fk.onDelete !== 'restrict') s += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== 'restrict') s += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return s;
}

export function checkClause(c: CheckConstraint): string {
  return `CONSTRAINT ${q(c.name)} CHECK (${c.expression})`;
}

export function tableOptionsClause(options: TableOptions | undefined, comment: string | undefined): string {
  const parts: string[] = [];
  if (options?.engine) parts.push(`ENGINE=${options.engine}`);
  if (options?.charset) parts.push(`DEFAULT CHARSET=${options.charset}`);
  if (options?.collation) parts.push(`COLLATE=${options.collation}`);
  for (const o of options?.createOptions ?? []) parts.push(createOptionClause(o));
  if (comment) parts.push(`COMMENT=${quoteLiteral(comment)}`);
  return parts.join(' ');
}

export function createTableStatement(table: Table, foreignKeys: ForeignKey[] = table.foreignKeys): string {
  const lines = table.columns.map(columnDefinition);
  if (table.primaryKey) lines.push(`PRIMARY KEY (${qList(table.primaryKey.columns)})`);
  for (const u of table.uniques) lines.push(uniqueClause(u));
  for (const ix of table.indexes) lines.push(indexClause(ix));
  for (const fk of foreignKeys) lines.push(foreignKeyClause(fk));
  for (const c of table.checks) lines.push(checkClause(c));
  const options = tableOptionsClause(table.options, table.comment);
  return `CREATE TABLE ${q(table.name)} (\n  ${lines.join(',\n  ')}\n)${options ? ' ' + options : ''}`;
}

/** Types whose columns carry a character set and collation. */
export function hasCollation(c: Column): boolean {
  return c.family === 'text' || c.family === 'enum' || /^set\(/.test(c.type);
}
