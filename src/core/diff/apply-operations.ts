import { FlashError } from '../../errors.js';
import type { Definition } from '../model/definitions.js';
import type { Collection, Column, EnumType, Extension, Namespace, Schema, Table, View } from '../model/schema.js';
import { unknownOperation, type ColumnPosition, type Operation } from './operations.js';
import { UserTypeState } from './apply-user-types.js';
import { setObjectComment } from '../model/comments.js';

/**
 * Applies operations to a schema IR, as a database would apply their SQL. Pure: the input is not
 * modified. Used to check the diff (apply(from, diff(from, to)) == to) and by the three-way merge
 * (apply ours then theirs). An operation that does not fit the schema (dropping a missing table,
 * adding an existing column…) throws `E_CONFLICT` naming the operation index and the object.
 */
export function applyOperations(schema: Schema, ops: readonly Operation[]): Schema {
  const replay = new SchemaReplay(schema);
  ops.forEach((op, index) => replay.apply(op, index));
  return replay.toSchema();
}

/**
 * The same simulation one operation at a time, for a renderer whose SQL depends on the schema right
 * before each operation (MySQL: `ADD COLUMN … AFTER` needs an existing column, dropping an index may
 * touch InnoDB's implicit FK index). Works on its own copy of `schema`.
 */
export class SchemaReplay {
  private readonly tables = new Map<string, Table>();
  private readonly enums = new Map<string, EnumType>();
  private readonly extensions = new Map<string, Extension>();
  private readonly namespaces = new Map<string, Namespace>();
  private readonly views = new Map<string, View>();
  private readonly collections = new Map<string, Collection>();
  private readonly definitions = new Map<string, Definition>();
  private opIndex = 0;
  /** setComment operations, applied to the finished schema (they come last in a diff). */
  private readonly comments: Array<Extract<Operation, { kind: 'setComment' }>> = [];
  private readonly userTypes: UserTypeState;

  private readonly base: Schema;

  constructor(schema: Schema) {
    const base = structuredClone(schema);
    this.base = base;
    this.userTypes = new UserTypeState(base, (message) => this.fail(message));
    for (const t of base.tables) this.tables.set(t.name, t);
    for (const e of base.enums) this.enums.set(e.name, e);
    for (const x of base.extensions ?? []) this.extensions.set(x.name, x);
    for (const n of base.namespaces ?? []) this.namespaces.set(n.name, n);
    for (const v of base.views) this.views.set(v.name, v);
    for (const c of base.collections) this.collections.set(c.name, c);
    for (const d of base.definitions ?? []) this.definitions.set(d.name, d);
  }

  toSchema(): Schema {
    const schema: Schema = {
      ...this.base,
      tables: [...this.tables.values()],
      enums: [...this.enums.values()],
      views: [...this.views.values()],
      collections: [...this.collections.values()],
    };
    delete schema.namespaces;
    if (this.namespaces.size) schema.namespaces = [...this.namespaces.values()];
    delete schema.extensions;
    if (this.extensions.size) schema.extensions = [...this.extensions.values()];
    delete schema.definitions;
    if (this.definitions.size) schema.definitions = [...this.definitions.values()];
    this.userTypes.into(schema);
    for (const op of this.comments)
      if (!setObjectComment(schema, op.target.key, op.to)) this.fail(`${op.target.on} ${op.target.name} to comment on does not exist`);
    return schema;
  }

  /** The table as the operations so far left it; read it, do not change it. */
  findTable(name: string): Table | undefined {
    return this.tables.get(name);
  }

  /** `op` is `index` in its list: a conflict names it. */
  apply(op: Operation, index: number): void {
    this.opIndex = index;
    switch (op.kind) {
      case 'createTable':
        this.absent(this.tables, op.table.name, 'table');
        this.tables.set(op.table.name, structuredClone(op.table));
        return;
      case 'dropTable':
        this.table(op.table.name);
        this.tables.delete(op.table.name);
        return;
      case 'renameTable': {
        this.renameTable(op.from, op.to);
        return;
      }
      case 'addColumn': {
        const t = this.table(op.table);
        this.absentIn(t.columns, op.column.name, `column ${op.table}.${op.column.name}`);
        t.columns.push(structuredClone(op.column));
        if (op.position) this.move(t, op.column.name, op.position);
        return;
      }
      case 'dropColumn': {
        const t = this.table(op.table);
        t.columns.splice(this.columnIndex(t, op.column.name), 1);
        return;
      }
      case 'renameColumn': {
        this.renameColumn(op.table, op.from, op.to);
        return;
      }
      case 'alterColumn': {
        const t = this.table(op.table);
        t.columns[this.columnIndex(t, op.from.name)] = structuredClone(op.to);
        if (op.position) this.move(t, op.to.name, op.position);
        return;
      }
      case 'addPrimaryKey': {
        const t = this.table(op.table);
        if (t.primaryKey) this.fail(`table ${op.table} already has a primary key`);
        t.primaryKey = structuredClone(op.primaryKey);
        return;
      }
      case 'dropPrimaryKey': {
        const t = this.table(op.table);
        if (!t.primaryKey) this.fail(`table ${op.table} has no primary key`);
        delete t.primaryKey;
        return;
      }
      case 'addUnique': {
        this.addNamed(this.table(op.table).uniques, op.unique, `unique ${op.table}.${op.unique.name}`);
        return;
      }
      case 'dropUnique': {
        this.dropNamed(this.table(op.table).uniques, op.unique.name, `unique ${op.table}.${op.unique.name}`);
        return;
      }
      case 'createIndex': {
        const view = this.materializedView(op.table);
        if (view) this.addNamed((view.indexes ??= []), op.index, `index ${op.table}.${op.index.name}`);
        else this.addNamed(this.table(op.table).indexes, op.index, `index ${op.table}.${op.index.name}`);
        return;
      }
      case 'dropIndex': {
        const view = this.materializedView(op.table);
        if (view) {
          this.dropNamed(view.indexes ?? [], op.index.name, `index ${op.table}.${op.index.name}`);
          if (view.indexes?.length === 0) delete view.indexes;
        } else this.dropNamed(this.table(op.table).indexes, op.index.name, `index ${op.table}.${op.index.name}`);
        return;
      }
      case 'addForeignKey': {
        this.addNamed(this.table(op.table).foreignKeys, op.foreignKey, `foreign key ${op.table}.${op.foreignKey.name}`);
        return;
      }
      case 'dropForeignKey': {
        this.dropNamed(this.table(op.table).foreignKeys, op.foreignKey.name, `foreign key ${op.table}.${op.foreignKey.name}`);
        return;
      }
      case 'addCheck': {
        this.addNamed(this.table(op.table).checks, op.check, `check ${op.table}.${op.check.name}`);
        return;
      }
      case 'dropCheck': {
        this.dropNamed(this.table(op.table).checks, op.check.name, `check ${op.table}.${op.check.name}`);
        return;
      }
      case 'setTableComment': {
        const t = this.table(op.table);
        if (op.to === undefined) delete t.comment;
        else t.comment = op.to;
        return;
      }
      case 'alterTableOptions': {
        const t = this.table(op.table);
        if (op.to === undefined) delete t.options;
        else t.options = structuredClone(op.to);
        return;
      }
      case 'createSchema':
        this.absent(this.namespaces, op.namespace.name, 'schema');
        this.namespaces.set(op.namespace.name, structuredClone(op.namespace));
        return;
      case 'dropSchema':
        this.present(this.namespaces, op.namespace.name, 'schema');
        this.namespaces.delete(op.namespace.name);
        return;
      case 'createExtension':
        this.absent(this.extensions, op.extension.name, 'extension');
        this.extensions.set(op.extension.name, structuredClone(op.extension));
        return;
      case 'dropExtension':
        this.present(this.extensions, op.extension.name, 'extension');
        this.extensions.delete(op.extension.name);
        return;
      case 'createDefinition':
        this.absent(this.definitions, op.definition.name, 'object');
        this.definitions.set(op.definition.name, structuredClone(op.definition));
        return;
      case 'dropDefinition':
        this.present(this.definitions, op.definition.name, 'object');
        this.definitions.delete(op.definition.name);
        return;
      case 'replaceDefinition':
        this.present(this.definitions, op.from.name, 'object');
        this.definitions.set(op.to.name, structuredClone(op.to));
        return;
      case 'createDomain':
      case 'dropDomain':
      case 'alterDomain':
      case 'createCompositeType':
      case 'dropCompositeType':
      case 'alterCompositeType':
      case 'createSequence':
      case 'dropSequence':
      case 'alterSequence':
      case 'setSequenceOwner':
        this.userTypes.apply(op);
        return;
      case 'createEnum':
        this.absent(this.enums, op.enum.name, 'enum');
        this.enums.set(op.enum.name, structuredClone(op.enum));
        return;
      case 'dropEnum':
        this.present(this.enums, op.enum.name, 'enum');
        this.enums.delete(op.enum.name);
        return;
      case 'addEnumValue': {
        this.addEnumValue(op.enum, op.value, op.before, op.after);
        return;
      }
      case 'recreateEnum':
        this.present(this.enums, op.from.name, 'enum');
        this.enums.delete(op.from.name);
        this.enums.set(op.to.name, structuredClone(op.to));
        return;
      case 'createView':
        this.absent(this.views, op.view.name, 'view');
        this.views.set(op.view.name, structuredClone(op.view));
        return;
      case 'dropView':
        this.present(this.views, op.view.name, 'view');
        this.views.delete(op.view.name);
        return;
      case 'alterViewOptions': {
        const view = this.present(this.views, op.to.name, 'view');
        delete view.securityInvoker;
        delete view.securityBarrier;
        delete view.checkOption;
        delete view.storage;
        if (op.to.storage) view.storage = { ...op.to.storage };
        if (op.to.securityInvoker) view.securityInvoker = true;
        if (op.to.securityBarrier) view.securityBarrier = true;
        if (op.to.checkOption) view.checkOption = op.to.checkOption;
        return;
      }
      case 'setTriggers': {
        const t = this.table(op.table);
        if (op.to.length) t.triggers = structuredClone(op.to);
        else delete t.triggers;
        return;
      }
      case 'createCollection':
        this.absent(this.collections, op.collection.name, 'collection');
        this.collections.set(op.collection.name, { ...structuredClone(op.collection), indexes: [] });
        return;
      case 'dropCollection':
        this.present(this.collections, op.collection.name, 'collection');
        this.collections.delete(op.collection.name);
        return;
      case 'setValidator': {
        const c = this.present(this.collections, op.collection, 'collection');
        delete c.validator;
        delete c.validationLevel;
        delete c.validationAction;
        Object.assign(c, structuredClone(op.to));
        return;
      }
      case 'createCollectionIndex': {
        this.addNamed(
          this.present(this.collections, op.collection, 'collection').indexes,
          op.index,
          `index ${op.collection}.${op.index.name}`,
        );
        return;
      }
      case 'dropCollectionIndex': {
        this.dropNamed(
          this.present(this.collections, op.collection, 'collection').indexes,
          op.index.name,
          `index ${op.collection}.${op.index.name}`,
        );
        return;
      }
      case 'setComment':
        this.comments.push(op);
        return;
      default:
        return unknownOperation(op);
    }
  }

  private renameTable(from: string, to: string): void {
    const t = this.table(from);
    this.absent(this.tables, to, 'table');
    this.tables.delete(from);
    t.name = to;
    this.tables.set(to, t);
    for (const other of this.tables.values()) {
      for (const fk of other.foreignKeys) if (fk.referencedTable === from) fk.referencedTable = to;
    }
  }

  /** Like the engines' RENAME COLUMN: keys, index elements and foreign keys (both ends) follow the new name. */
  private renameColumn(tableName: string, from: string, to: string): void {
    const t = this.table(tableName);
    const col = t.columns[this.columnIndex(t, from)];
    this.absentIn(t.columns, to, `column ${tableName}.${to}`);
    col.name = to;
    const swap = (names: string[]): string[] => names.map((n) => (n === from ? to : n));
    if (t.primaryKey) t.primaryKey.columns = swap(t.primaryKey.columns);
    if (t.primaryKey?.include) t.primaryKey.include = swap(t.primaryKey.include);
    for (const u of t.uniques) {
      u.columns = swap(u.columns);
      if (u.include) u.include = swap(u.include);
    }
    for (const i of t.indexes) {
      for (const e of i.elements) if (e.column === from) e.column = to;
      if (i.include) i.include = swap(i.include);
    }
    for (const fk of t.foreignKeys) fk.columns = swap(fk.columns);
    for (const other of this.tables.values()) {
      for (const fk of other.foreignKeys) if (fk.referencedTable === tableName) fk.referencedColumns = swap(fk.referencedColumns);
    }
  }

  private addEnumValue(name: string, value: string, before?: string, after?: string): void {
    const e = this.present(this.enums, name, 'enum');
    if (e.values.includes(value)) this.fail(`enum ${name} already has the value '${value}'`);
    const anchor = before ?? after;
    if (anchor === undefined) {
      e.values.push(value);
      return;
    }
    const at = e.values.indexOf(anchor);
    if (at < 0) this.fail(`enum ${name} has no value '${anchor}'`);
    e.values.splice(before !== undefined ? at : at + 1, 0, value);
  }

  private move(t: Table, name: string, position: ColumnPosition): void {
    const [col] = t.columns.splice(this.columnIndex(t, name), 1);
    if (position === 'first') {
      t.columns.unshift(col);
      return;
    }
    t.columns.splice(this.columnIndex(t, position.after) + 1, 0, col);
  }

  private table(name: string): Table {
    return this.present(this.tables, name, 'table');
  }

  /** The materialized view an index operation names (PostgreSQL indexes them like tables), when it is not a table. */
  private materializedView(name: string): View | undefined {
    const view = this.tables.has(name) ? undefined : this.views.get(name);
    return view?.materialized ? view : undefined;
  }

  private columnIndex(t: Table, name: string): number {
    const at = t.columns.findIndex((c: Column) => c.name === name);
    if (at < 0) this.fail(`table ${t.name} has no column ${name}`);
    return at;
  }

  private addNamed<T extends { name: string }>(list: T[], item: T, what: string): void {
    this.absentIn(list, item.name, what);
    list.push(structuredClone(item));
  }

  private dropNamed(list: Array<{ name: string }>, name: string, what: string): void {
    const at = list.findIndex((x) => x.name === name);
    if (at < 0) this.fail(`${what} does not exist`);
    list.splice(at, 1);
  }

  private absentIn(list: Array<{ name: string }>, name: string, what: string): void {
    if (list.some((x) => x.name === name)) this.fail(`${what} already exists`);
  }

  private present<T>(map: Map<string, T>, name: string, what: string): T {
    const found = map.get(name);
    if (found === undefined) this.fail(`${what} ${name} does not exist`);
    return found;
  }

  private absent(map: Map<string, unknown>, name: string, what: string): void {
    if (map.has(name)) this.fail(`${what} ${name} already exists`);
  }

  private fail(message: string): never {
    throw new FlashError(
      'E_CONFLICT',
      `Operation ${this.opIndex + 1} cannot be applied: ${message}.`,
      'The operations do not fit this schema; regenerate them from the schema they were computed on.',
      {
        data: { op: this.opIndex },
      },
    );
  }
}
