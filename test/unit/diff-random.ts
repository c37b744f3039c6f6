import type { Column, EnumType, ForeignKey, Index, Schema, Table, View } from '../../src/core/model/schema.js';
import { emptySchema, emptyTable } from '../../src/core/model/schema.js';

/**
 * Random *valid* schemas for the diff property test: every key, index and foreign key names existing
 * columns, foreign keys reference a primary key or unique, enum columns name an existing enum, views
 * mention only existing tables and earlier views. Names come from small pools so two schemas share
 * many objects (the interesting case for a diff).
 */
export type Rand = () => number;

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (rand: Rand, p: number): boolean => rand() < p;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
function sample<T>(rand: Rand, xs: readonly T[], n: number): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, Math.min(n, copy.length));
}

const TABLES = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'];
const COLUMNS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
const ENUMS = ['e0', 'e1', 'e2'];
const VALUES = ['a', 'b', 'c', 'd', 'e', 'f'];
const VIEWS = ['v0', 'v1', 'v2', 'v3'];
const TYPES: Array<[string, Column['family']]> = [
  ['integer', 'integer'],
  ['bigint', 'integer'],
  ['text', 'text'],
  ['varchar(50)', 'text'],
  ['boolean', 'boolean'],
];

function randomColumn(rand: Rand, name: string, enums: EnumType[]): Column {
  const useEnum = enums.length > 0 && chance(rand, 0.2);
  const [type, family] = useEnum ? [pick(rand, enums).name, 'enum' as const] : pick(rand, TYPES);
  const column: Column = { name, type, family, nullable: chance(rand, 0.5) };
  if (chance(rand, 0.2)) column.default = family === 'integer' ? String(int(rand, 0, 3)) : `'x'`;
  if (family === 'integer' && chance(rand, 0.1)) column.identity = pick(rand, ['always', 'by-default'] as const);
  if (chance(rand, 0.1)) column.comment = pick(rand, ['one', 'two']);
  if (chance(rand, 0.05)) column.collation = 'C';
  if (chance(rand, 0.05)) column.generated = { expression: `${name} + 1`, stored: true };
  return column;
}

function randomTable(rand: Rand, name: string, enums: EnumType[]): Table {
  const table = emptyTable(name);
  table.columns = sample(rand, COLUMNS, int(rand, 1, 6)).map((c) => randomColumn(rand, c, enums));
  const names = table.columns.map((c) => c.name);
  if (chance(rand, 0.7))
    table.primaryKey = { columns: sample(rand, names, int(rand, 1, 2)), ...(chance(rand, 0.2) ? { name: `${name}_pk` } : {}) };
  for (let k = 0; k < int(rand, 0, 2); k++) table.uniques.push({ name: `${name}_u${k}`, columns: sample(rand, names, int(rand, 1, 2)) });
  for (let k = 0; k < int(rand, 0, 2); k++) table.indexes.push(randomIndex(rand, `${name}_i${k}`, names));
  for (let k = 0; k < int(rand, 0, 1); k++) table.checks.push({ name: `${name}_ck${k}`, expression: `(${pick(rand, names)} IS NOT NULL)` });
  if (chance(rand, 0.15)) table.comment = pick(rand, ['x', 'y']);
  if (chance(rand, 0.1)) table.options = { engine: pick(rand, ['InnoDB', 'MyISAM']) };
  return table;
}

function randomIndex(rand: Rand, name: string, columns: string[]): Index {
  const elements = sample(rand, columns, int(rand, 1, 2)).map((column) =>
    chance(rand, 0.2) ? { expression: `lower(${column})` } : { column, ...(chance(rand, 0.2) ? { descending: true } : {}) },
  );
  const index: Index = { name, elements, unique: chance(rand, 0.3) };
  if (chance(rand, 0.15)) index.where = `(${columns[0]} > 0)`;
  if (chance(rand, 0.1)) index.method = 'hash';
  return index;
}

/** Foreign keys reference a primary key or unique of the target (possibly the same table, possibly a cycle). */
function addForeignKeys(rand: Rand, schema: Schema): void {
  for (const table of schema.tables) {
    for (let k = 0; k < int(rand, 0, 2); k++) {
      const target = pick(rand, schema.tables);
      const keys = [...(target.primaryKey ? [target.primaryKey.columns] : []), ...target.uniques.map((u) => u.columns)];
      if (keys.length === 0) continue;
      const referencedColumns = pick(rand, keys);
      if (table.columns.length < referencedColumns.length) continue;
      const fk: ForeignKey = {
        name: freeName(`${table.name}_fk`, table.foreignKeys),
        columns: sample(
          rand,
          table.columns.map((c) => c.name),
          referencedColumns.length,
        ),
        referencedTable: target.name,
        referencedColumns: [...referencedColumns],
        onDelete: pick(rand, ['no action', 'cascade', 'set null'] as const),
        onUpdate: 'no action',
      };
      if (chance(rand, 0.1)) fk.deferrable = 'deferred';
      table.foreignKeys.push(fk);
    }
  }
}

function freeName(prefix: string, taken: Array<{ name: string }>): string {
  let n = 0;
  while (taken.some((x) => x.name === `${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function addViews(rand: Rand, schema: Schema): void {
  const names = schema.tables.map((t) => t.name);
  const views: View[] = [];
  for (const name of sample(rand, VIEWS, int(rand, 0, 3)).sort()) {
    const sources = [
      ...sample(rand, names, int(rand, 0, 2)),
      ...sample(
        rand,
        views.map((v) => v.name),
        int(rand, 0, 1),
      ),
    ];
    const definition = sources.length === 0 ? `SELECT ${int(rand, 1, 3)} AS x` : `SELECT * FROM ${sources.join(' CROSS JOIN ')}`;
    views.push({ name, definition, ...(chance(rand, 0.1) ? { materialized: true } : {}) });
  }
  schema.views = views;
}

export function randomValidSchema(rand: Rand): Schema {
  const schema = emptySchema('postgresql');
  schema.enums = sample(rand, ENUMS, int(rand, 0, 2)).map((name) => ({ name, values: sample(rand, VALUES, int(rand, 1, 4)) }));
  schema.tables = sample(rand, TABLES, int(rand, 0, 6)).map((name) => randomTable(rand, name, schema.enums));
  addForeignKeys(rand, schema);
  addViews(rand, schema);
  return schema;
}

/**
 * A changed copy of `base`: some tables regenerated, dropped or added, columns edited, moved,
 * inserted, enums with values added/removed/reordered, views redefined. Returned repaired (valid).
 */
export function mutateSchema(rand: Rand, base: Schema): Schema {
  const s: Schema = structuredClone(base);
  for (const e of s.enums) {
    if (chance(rand, 0.3)) e.values.splice(int(rand, 0, e.values.length), 0, ...VALUES.filter((v) => !e.values.includes(v)).slice(0, 1));
    if (chance(rand, 0.15) && e.values.length > 1) e.values.splice(int(rand, 0, e.values.length - 1), 1);
    if (chance(rand, 0.1)) e.values.reverse();
  }
  if (chance(rand, 0.2)) s.enums = s.enums.slice(1);
  if (chance(rand, 0.2)) {
    const name = ENUMS.find((n) => !s.enums.some((e) => e.name === n));
    if (name) s.enums.push({ name, values: sample(rand, VALUES, 2) });
  }
  s.tables = s.tables.flatMap((t) => {
    if (chance(rand, 0.1)) return [];
    if (chance(rand, 0.1)) return [randomTable(rand, t.name, s.enums)];
    mutateTable(rand, t, s.enums);
    return [t];
  });
  if (chance(rand, 0.3)) {
    const name = TABLES.find((n) => !s.tables.some((t) => t.name === n));
    if (name) s.tables.push(randomTable(rand, name, s.enums));
  }
  if (chance(rand, 0.3)) addForeignKeys(rand, s);
  if (chance(rand, 0.3)) addViews(rand, s);
  else for (const v of s.views) if (chance(rand, 0.2)) v.definition += ' WHERE true';
  return repair(s);
}

function mutateTable(rand: Rand, t: Table, enums: EnumType[]): void {
  for (let i = 0; i < t.columns.length; i++) {
    if (chance(rand, 0.15)) t.columns[i] = { ...randomColumn(rand, t.columns[i].name, enums) };
    else if (chance(rand, 0.1)) t.columns[i] = { ...t.columns[i], nullable: !t.columns[i].nullable };
  }
  if (chance(rand, 0.2) && t.columns.length > 1) t.columns.splice(int(rand, 0, t.columns.length - 1), 1);
  if (chance(rand, 0.3)) {
    const name = COLUMNS.find((n) => !t.columns.some((c) => c.name === n));
    if (name) t.columns.splice(int(rand, 0, t.columns.length), 0, randomColumn(rand, name, enums));
  }
  if (chance(rand, 0.15) && t.columns.length > 1) {
    const [moved] = t.columns.splice(int(rand, 0, t.columns.length - 1), 1);
    t.columns.splice(int(rand, 0, t.columns.length), 0, moved);
  }
  const names = t.columns.map((c) => c.name);
  if (chance(rand, 0.15)) delete t.primaryKey;
  else if (chance(rand, 0.1)) t.primaryKey = { columns: sample(rand, names, 1) };
  if (chance(rand, 0.2)) t.indexes = t.indexes.map((i) => ({ ...i, unique: !i.unique }));
  if (chance(rand, 0.2)) t.indexes.push(randomIndex(rand, `${t.name}_i9`, names));
  if (chance(rand, 0.2)) t.uniques = t.uniques.slice(1);
  if (chance(rand, 0.2)) t.checks = t.checks.map((c) => ({ ...c, expression: `${c.expression} AND true` }));
  if (chance(rand, 0.2)) t.foreignKeys = t.foreignKeys.map((f) => ({ ...f, onDelete: f.onDelete === 'cascade' ? 'restrict' : 'cascade' }));
  if (chance(rand, 0.1)) t.comment = t.comment ? undefined : 'z';
  if (t.comment === undefined) delete t.comment;
}

/** Drops whatever refers to something that no longer exists, until the schema is valid. */
export function repair(s: Schema): Schema {
  const enums = new Set(s.enums.map((e) => e.name));
  for (const t of s.tables) {
    t.columns = t.columns.map((c) =>
      c.family === 'enum' && !enums.has(c.type) ? { ...c, type: 'text', family: 'text', default: undefined } : c,
    );
    for (const c of t.columns) if (c.default === undefined) delete c.default;
    const cols = new Set(t.columns.map((c) => c.name));
    const has = (names: string[]): boolean => names.every((n) => cols.has(n));
    if (t.primaryKey && !has(t.primaryKey.columns)) delete t.primaryKey;
    t.uniques = t.uniques.filter((u) => has(u.columns));
    t.indexes = t.indexes.filter(
      (i) =>
        i.elements.every((e) => (e.column ? cols.has(e.column) : cols.has(e.expression!.slice(6, -1)))) &&
        (!i.where || cols.has(i.where.slice(1, 3))),
    );
    t.checks = t.checks.filter((c) => cols.has(c.expression.slice(1, 3)));
    t.columns = t.columns.map((c) => (c.generated && !cols.has(c.generated.expression.split(' ')[0]) ? { ...c, generated: undefined } : c));
    for (const c of t.columns) if (c.generated === undefined) delete c.generated;
  }
  const tables = new Map(s.tables.map((t) => [t.name, t]));
  for (const t of s.tables)
    t.foreignKeys = t.foreignKeys.filter(
      (f) =>
        t.columns.length > 0 &&
        f.columns.every((c) => t.columns.some((x) => x.name === c)) &&
        isKey(tables.get(f.referencedTable), f.referencedColumns),
    );
  const known = new Set(s.tables.map((t) => t.name));
  s.views = [...s.views]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter((v) => {
      const ok = viewSources(v).every((n) => known.has(n));
      if (ok) known.add(v.name);
      return ok;
    });
  return s;
}

export function viewSources(v: View): string[] {
  const m = /FROM (.*?)( WHERE|$)/.exec(v.definition);
  return m ? m[1].split(' CROSS JOIN ') : [];
}

export function isKey(t: Table | undefined, columns: string[]): boolean {
  if (!t) return false;
  const same = (k: string[]): boolean => k.length === columns.length && k.every((c) => columns.includes(c));
  return (t.primaryKey !== undefined && same(t.primaryKey.columns)) || t.uniques.some((u) => same(u.columns));
}

/** Everything a real database would refuse in a schema state (checked after every operation). */
export function invalidities(s: Schema): string[] {
  const problems: string[] = [];
  const tables = new Map(s.tables.map((t) => [t.name, t]));
  const enums = new Set(s.enums.map((e) => e.name));
  const views = new Set(s.views.map((v) => v.name));
  for (const t of s.tables) {
    const cols = new Set(t.columns.map((c) => c.name));
    for (const list of [t.columns, t.uniques, t.indexes, t.foreignKeys, t.checks] as Array<Array<{ name: string }>>) {
      if (new Set(list.map((x) => x.name)).size !== list.length) problems.push(`${t.name} has duplicate names`);
    }
    for (const c of t.columns)
      if (c.family === 'enum' && !enums.has(c.type)) problems.push(`${t.name}.${c.name} uses missing enum ${c.type}`);
    for (const k of [t.primaryKey?.columns ?? [], ...t.uniques.map((u) => u.columns)])
      for (const c of k) if (!cols.has(c)) problems.push(`${t.name} key on missing ${c}`);
    for (const i of t.indexes)
      for (const e of i.elements) if (e.column && !cols.has(e.column)) problems.push(`${t.name}.${i.name} on missing ${e.column}`);
    for (const f of t.foreignKeys) {
      for (const c of f.columns) if (!cols.has(c)) problems.push(`${t.name}.${f.name} on missing ${c}`);
      const target = tables.get(f.referencedTable);
      if (!target) problems.push(`${t.name}.${f.name} references missing table ${f.referencedTable}`);
      else if (!isKey(target, f.referencedColumns)) problems.push(`${t.name}.${f.name} references a non-key of ${f.referencedTable}`);
    }
  }
  for (const v of s.views) {
    for (const src of viewSources(v)) if (!tables.has(src) && !views.has(src)) problems.push(`view ${v.name} uses missing ${src}`);
  }
  return problems;
}
