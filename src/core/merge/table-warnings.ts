import type { Column, Index, Table, UniqueConstraint } from '../model/schema.js';
import type { MergeContext } from './merge-context.js';
import type { Side } from './merge-conflict.js';
import { kindLabel, objectPath } from './object-path.js';
import { mentionedIdentifiers } from './sql-identifiers.js';
import { byName, fingerprint, sameValue } from './three-way.js';

/** Column attributes whose change rewrites or feeds existing rows (nullability and comments do not). */
const dataAttributes = new Set(['type', 'family', 'default', 'generated', 'identity', 'collation', 'onUpdate']);

interface NewConstraint {
  column: string;
  label: string;
  fingerprint: string;
}

/**
 * Warnings for a table both sides keep: W001 when one side adds NOT NULL / UNIQUE / CHECK on a
 * column whose data the other side's migration changes (the merge is clean, the data may not be),
 * and W002 when both sides add the same unique constraint or index under different names.
 */
export function tableWarnings(ctx: MergeContext, base: Table, ours: Table, theirs: Table): void {
  const baseColumns = byName(base.columns);
  const sides: Array<[Side, Table, Side, Table]> = [
    ['ours', ours, 'theirs', theirs],
    ['theirs', theirs, 'ours', ours],
  ];
  for (const [adder, adderTable, changer, changerTable] of sides) {
    const changed = dataChanges(baseColumns, changerTable.columns);
    if (changed.size === 0) continue;
    const existing = constraintFingerprints(changerTable);
    for (const c of newConstraints(base, adderTable, baseColumns)) {
      const attrs = changed.get(c.column);
      if (!attrs || existing.has(c.fingerprint)) continue;
      ctx.warn('W001', {
        path: objectPath.column(base.name, c.column),
        objectKind: 'column',
        message: `${adder} adds ${c.label} on ${base.name}.${c.column} while ${changer} changes its ${attrs.join(', ')}; rows converted by ${changer}' migration may violate it`,
        base: baseColumns.get(c.column) ?? null,
        ours: byName(ours.columns).get(c.column) ?? null,
        theirs: byName(theirs.columns).get(c.column) ?? null,
      });
    }
  }
  duplicateWarnings(ctx, base, ours, theirs);
}

function dataChanges(baseColumns: Map<string, Column>, side: Column[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const column of side) {
    const before = baseColumns.get(column.name);
    if (!before) continue;
    const attrs: string[] = [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(column)])) {
      if (key === 'family' || !dataAttributes.has(key)) continue;
      const k = key as keyof Column;
      if (!sameValue(before[k], column[k])) attrs.push(key);
    }
    if (attrs.length > 0) out.set(column.name, attrs);
  }
  return out;
}

function newConstraints(base: Table, side: Table, baseColumns: Map<string, Column>): NewConstraint[] {
  const out: NewConstraint[] = [];
  for (const column of side.columns) {
    if (baseColumns.get(column.name)?.nullable === true && !column.nullable) {
      out.push({ column: column.name, label: 'NOT NULL', fingerprint: `notnull:${column.name}` });
    }
  }
  const baseUniques = new Set(base.uniques.map((u) => fingerprint(u)));
  for (const u of side.uniques) {
    if (baseUniques.has(fingerprint(u))) continue;
    for (const column of u.columns) out.push({ column, label: `unique constraint ${u.name}`, fingerprint: fingerprint(u) });
  }
  const baseIndexes = new Set(base.indexes.map((i) => fingerprint(i)));
  for (const i of side.indexes) {
    if (!i.unique || baseIndexes.has(fingerprint(i))) continue;
    for (const column of indexColumns(i, side)) out.push({ column, label: `unique index ${i.name}`, fingerprint: fingerprint(i) });
  }
  const baseChecks = new Set(base.checks.map((c) => fingerprint(c)));
  for (const check of side.checks) {
    if (baseChecks.has(fingerprint(check))) continue;
    const ids = mentionedIdentifiers(check.expression);
    for (const column of side.columns) {
      if (ids.has(column.name.toLowerCase()))
        out.push({ column: column.name, label: `check ${check.name}`, fingerprint: fingerprint(check) });
    }
  }
  return out;
}

function indexColumns(index: Index, table: Table): string[] {
  const out: string[] = [];
  for (const e of index.elements) {
    if (e.column !== undefined) out.push(e.column);
    else if (e.expression !== undefined) {
      const ids = mentionedIdentifiers(e.expression);
      for (const c of table.columns) if (ids.has(c.name.toLowerCase())) out.push(c.name);
    }
  }
  return out;
}

function constraintFingerprints(table: Table): Set<string> {
  const out = new Set<string>();
  for (const c of table.columns) if (!c.nullable) out.add(`notnull:${c.name}`);
  for (const x of [...table.uniques, ...table.indexes, ...table.checks]) out.add(fingerprint(x));
  return out;
}

function duplicateWarnings(ctx: MergeContext, base: Table, ours: Table, theirs: Table): void {
  const uniqueShape = (u: UniqueConstraint) => fingerprint({ ...u, name: '' });
  const indexShape = (i: Index) => fingerprint({ ...i, name: '' });
  reportDuplicates(ctx, base.name, 'unique', base.uniques, ours.uniques, theirs.uniques, uniqueShape, (n) =>
    objectPath.unique(base.name, n),
  );
  reportDuplicates(ctx, base.name, 'index', base.indexes, ours.indexes, theirs.indexes, indexShape, (n) => objectPath.index(base.name, n));
}

function reportDuplicates<T extends { name: string }>(
  ctx: MergeContext,
  table: string,
  objectKind: 'unique' | 'index',
  base: T[],
  ours: T[],
  theirs: T[],
  shape: (x: T) => string,
  path: (name: string) => string,
): void {
  const baseNames = new Set(base.map((x) => x.name));
  const oursNames = new Set(ours.map((x) => x.name));
  const theirsNames = new Set(theirs.map((x) => x.name));
  const oursAdded = new Map<string, T>();
  for (const x of ours) if (!baseNames.has(x.name) && !theirsNames.has(x.name)) oursAdded.set(shape(x), x);
  for (const x of theirs) {
    if (baseNames.has(x.name) || oursNames.has(x.name)) continue;
    const twin = oursAdded.get(shape(x));
    if (!twin) continue;
    const label = kindLabel(objectKind);
    ctx.warn('W002', {
      path: path(x.name),
      objectKind,
      message: `ours adds ${label} ${twin.name} and theirs adds ${label} ${x.name} with the same definition on ${table}; the merge keeps both`,
      ours: twin,
      theirs: x,
      related: [path(twin.name), path(x.name)],
    });
  }
}
