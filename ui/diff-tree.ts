import { describeOperation, type ChangeLine } from '../src/core/diff/describe-operation.js';
import type { Operation } from '../src/core/diff/operations.js';
import type { Table } from '../src/core/model/schema.js';

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
 * columns, keys and other parts underneath, then every other object. A drop and a re-create of the
 * same object (how the diff expresses an index or view change) show as one `~` line. The words are
 * the ones `flash diff` prints (describeOperation); only the grouping is the tree's.
 */
export function buildDiffTree(operations: Operation[]): DiffTreeNode[] {
  const top = new Map<string, Entry>();
  const table = (name: string): Entry => {
    const key = `table:${name}`;
    let node = top.get(key);
    if (!node) top.set(key, (node = { sign: '~', label: `table ${name}`, key, children: [] }));
    return node;
  };
  for (const op of operations) {
    const line = describeOperation(op);
    switch (op.kind) {
      case 'createTable': {
        const t = table(op.table.name);
        t.sign = t.sign === '-' ? '~' : '+';
        t.label = label(line);
        for (const part of partsOf(op.table)) addMember(t, describeOperation(part), op.table.name);
        break;
      }
      case 'dropTable': {
        const t = table(op.table.name);
        t.sign = t.sign === '+' ? '~' : '-';
        if (t.sign === '-') t.label = label(line);
        break;
      }
      case 'renameTable':
        table(op.to).label = label(line);
        break;
      default:
        if ('table' in op && typeof op.table === 'string') addMember(table(op.table), line, op.table);
        else addEntry([...top.values()], { sign: signOf(line), key: keyOf(line.kind, line.object), label: label(line), children: [] }, top);
    }
  }
  return [...top.values()].map(toNode);
}

/** A new table's parts as the operations that would add them, so they read like added parts. */
function partsOf(t: Table): Operation[] {
  return [
    ...t.columns.map((column): Operation => ({ kind: 'addColumn', table: t.name, column })),
    ...(t.primaryKey ? [{ kind: 'addPrimaryKey', table: t.name, primaryKey: t.primaryKey } as const] : []),
    ...t.uniques.map((unique): Operation => ({ kind: 'addUnique', table: t.name, unique })),
    ...t.indexes.map((index): Operation => ({ kind: 'createIndex', table: t.name, index })),
    ...t.foreignKeys.map((foreignKey): Operation => ({ kind: 'addForeignKey', table: t.name, foreignKey })),
    ...t.checks.map((check): Operation => ({ kind: 'addCheck', table: t.name, check })),
  ];
}

/** A part of `table` under its node, named without the table: `column bio (text)`, `primary key (id)`, `comment`. */
function addMember(parent: Entry, line: ChangeLine, table: string): void {
  const local = line.object.startsWith(`${table}.`) ? line.object.slice(table.length + 1) : line.object.slice(table.length);
  // A change of the table itself (its comment or options) is named by its detail alone.
  const own = line.kind === 'table';
  const entry = own
    ? { sign: signOf(line), key: `table:${line.detail ?? ''}`, label: line.detail ?? 'table', children: [] }
    : { sign: signOf(line), key: keyOf(line.kind, local), label: label({ ...line, object: local }), children: [] };
  addEntry(parent.children, entry);
}

/** `unique index x` and `index x` are the same index, created unique and dropped as an index. */
function keyOf(kind: string, object: string): string {
  return `${kind === 'unique index' ? 'index' : kind}:${object}`;
}

/** A rename changes the object, so it shows as `~`. */
function signOf(line: ChangeLine): DiffSign {
  return line.sign === '>' ? '~' : line.sign;
}

function label(line: ChangeLine): string {
  return [line.kind, line.object].filter(Boolean).join(' ') + (line.detail ? ` (${line.detail})` : '');
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

/** The tree as indented text lines (plain renderers and tests). */
export function diffTreeLines(nodes: DiffTreeNode[], indent = ''): string[] {
  return nodes.flatMap((n) => [`${indent}${n.sign} ${n.label}`, ...diffTreeLines(n.children, indent + '    ')]);
}
