import type { Operation } from '../src/core/diff/operations.js';
import type { Column, Index } from '../src/core/model/schema.js';

export type DiffSign = '+' | '-' | '~';

export interface DiffTreeNode {
  sign: DiffSign;
  label: string;
  children: DiffTreeNode[];
}

interface Entry {
  sign: DiffSign;
  label: string;
  /** `column:email`: a drop and an add of the same key fold into one `~` */
  key: string;
  children: Entry[];
}

/**
 * Operations → a tree a person can read: one node per table (+ created, − dropped, ~ changed) with its
 * columns, indexes and constraints underneath, then enums and views. A drop and a re-create of the
 * same object (how the diff expresses an index or view change) show as one `~` line.
 */
export function buildDiffTree(operations: Operation[]): DiffTreeNode[] {
  const top = new Map<string, Entry>();
  const table = (name: string, sign: DiffSign = '~'): Entry => {
    const key = `table:${name}`;
    let node = top.get(key);
    if (!node) top.set(key, (node = { sign, label: `table ${name}`, key, children: [] }));
    return node;
  };
  const child = (parent: Entry, sign: DiffSign, key: string, label: string) =>
    addEntry(parent.children, { sign, key, label, children: [] });
  for (const op of operations) {
    switch (op.kind) {
      case 'createTable': {
        const t = table(op.table.name, '+');
        t.sign = t.sign === '-' ? '~' : '+';
        for (const c of op.table.columns) child(t, '+', `column:${c.name}`, `column ${c.name} ${describeColumn(c)}`);
        if (op.table.primaryKey) child(t, '+', 'pk', `primary key (${op.table.primaryKey.columns.join(', ')})`);
        for (const u of op.table.uniques) child(t, '+', `unique:${u.name}`, `unique ${u.name} (${u.columns.join(', ')})`);
        for (const i of op.table.indexes) child(t, '+', `index:${i.name}`, `index ${describeIndex(i)}`);
        for (const f of op.table.foreignKeys)
          child(t, '+', `fk:${f.name}`, `foreign key ${f.name} (${f.columns.join(', ')}) → ${f.referencedTable}`);
        for (const c of op.table.checks) child(t, '+', `check:${c.name}`, `check ${c.name} (${c.expression})`);
        break;
      }
      case 'dropTable': {
        const t = table(op.table.name, '-');
        t.sign = t.sign === '+' ? '~' : '-';
        if (t.sign === '-') t.label = `table ${op.table.name} (${op.table.columns.length} columns)`;
        break;
      }
      case 'renameTable':
        table(op.to).label = `table ${op.from} → ${op.to}`;
        break;
      case 'addColumn':
        child(table(op.table), '+', `column:${op.column.name}`, `column ${op.column.name} ${describeColumn(op.column)}`);
        break;
      case 'dropColumn':
        child(table(op.table), '-', `column:${op.column.name}`, `column ${op.column.name} ${describeColumn(op.column)}`);
        break;
      case 'renameColumn':
        child(table(op.table), '~', `column:${op.to}`, `column ${op.from} → ${op.to}`);
        break;
      case 'alterColumn':
        child(
          table(op.table),
          '~',
          `column:${op.to.name}`,
          `column ${op.to.name}: ${op.changes.map((c) => describeChange(c, op.from, op.to)).join(', ')}`,
        );
        break;
      case 'addPrimaryKey':
      case 'dropPrimaryKey':
        child(table(op.table), op.kind === 'addPrimaryKey' ? '+' : '-', 'pk', `primary key (${op.primaryKey.columns.join(', ')})`);
        break;
      case 'addUnique':
      case 'dropUnique':
        child(
          table(op.table),
          op.kind === 'addUnique' ? '+' : '-',
          `unique:${op.unique.name}`,
          `unique ${op.unique.name} (${op.unique.columns.join(', ')})`,
        );
        break;
      case 'createIndex':
      case 'dropIndex':
        child(table(op.table), op.kind === 'createIndex' ? '+' : '-', `index:${op.index.name}`, `index ${describeIndex(op.index)}`);
        break;
      case 'addForeignKey':
      case 'dropForeignKey':
        child(
          table(op.table),
          op.kind === 'addForeignKey' ? '+' : '-',
          `fk:${op.foreignKey.name}`,
          `foreign key ${op.foreignKey.name} (${op.foreignKey.columns.join(', ')}) → ${op.foreignKey.referencedTable}`,
        );
        break;
      case 'addCheck':
      case 'dropCheck':
        child(
          table(op.table),
          op.kind === 'addCheck' ? '+' : '-',
          `check:${op.check.name}`,
          `check ${op.check.name} (${op.check.expression})`,
        );
        break;
      case 'setTableComment':
        child(table(op.table), '~', 'comment', `comment: ${op.to ?? '(none)'}`);
        break;
      case 'alterTableOptions':
        child(table(op.table), '~', 'options', `options: ${JSON.stringify(op.to ?? {})}`);
        break;
      case 'createEnum':
      case 'dropEnum':
        addEntry(
          topList(top),
          {
            sign: op.kind === 'createEnum' ? '+' : '-',
            key: `enum:${op.enum.name}`,
            label: `enum ${op.enum.name} (${op.enum.values.join(', ')})`,
            children: [],
          },
          top,
        );
        break;
      case 'addEnumValue':
        addEntry(topList(top), { sign: '~', key: `enum:${op.enum}`, label: `enum ${op.enum}: add value '${op.value}'`, children: [] }, top);
        break;
      case 'recreateEnum':
        addEntry(
          topList(top),
          {
            sign: '~',
            key: `enum:${op.to.name}`,
            label: `enum ${op.to.name}: (${op.from.values.join(', ')}) → (${op.to.values.join(', ')})`,
            children: [],
          },
          top,
        );
        break;
      case 'createView':
      case 'dropView':
        addEntry(
          topList(top),
          { sign: op.kind === 'createView' ? '+' : '-', key: `view:${op.view.name}`, label: `view ${op.view.name}`, children: [] },
          top,
        );
        break;
    }
  }
  return [...top.values()].map(toNode);
}

function topList(top: Map<string, Entry>): Entry[] {
  return [...top.values()];
}

/** Add `entry` to `list` (or to the top-level map), folding a drop + add of the same key into `~`. */
function addEntry(list: Entry[], entry: Entry, top?: Map<string, Entry>): void {
  const existing = list.find((e) => e.key === entry.key);
  if (existing) {
    if (existing.sign !== entry.sign) existing.sign = '~';
    if (entry.sign !== '-') existing.label = entry.label;
    return;
  }
  if (top) top.set(entry.key, entry);
  else list.push(entry);
}

function toNode(e: Entry): DiffTreeNode {
  return { sign: e.sign, label: e.label, children: e.children.map(toNode) };
}

export function describeColumn(c: Column): string {
  return [c.type, c.nullable ? '' : 'not null', c.default !== undefined ? `default ${c.default}` : '', c.identity ? c.identity : '']
    .filter(Boolean)
    .join(' ');
}

function describeIndex(i: Index): string {
  const cols = i.elements.map((e) => e.column ?? `(${e.expression})`).join(', ');
  return `${i.name}${i.unique ? ' unique' : ''} (${cols})${i.where ? ` where ${i.where}` : ''}`;
}

function describeChange(change: string, from: Column, to: Column): string {
  switch (change) {
    case 'type':
      return `type ${from.type} → ${to.type}`;
    case 'nullable':
      return to.nullable ? 'drop not null' : 'set not null';
    case 'default':
      return `default ${from.default ?? 'none'} → ${to.default ?? 'none'}`;
    default:
      return change;
  }
}

/** The tree as indented text lines (plain renderers and tests). */
export function diffTreeLines(nodes: DiffTreeNode[], indent = ''): string[] {
  return nodes.flatMap((n) => [`${indent}${n.sign} ${n.label}`, ...diffTreeLines(n.children, indent + '    ')]);
}
