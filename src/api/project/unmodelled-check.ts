import { FlashError } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import { describeUnmodelled, type UnmodelledObject } from '../../core/model/unmodelled.js';
import { displayPath } from './shadow.js';
import type { ProjectContext } from './project-context.js';

/** A `db/schema` statement with where it stands. */
export interface SchemaStatement {
  file: string;
  line: number;
  sql: string;
}

interface Found {
  object: UnmodelledObject;
  where?: string;
}

/**
 * Refuse `db/schema` statements that declare what Flash does not model (functions, triggers,
 * extensions, grants…), recognised from their text, before anything runs: a migration without them
 * would silently lose them.
 */
export function refuseUnsupportedStatements(pc: ProjectContext, statements: SchemaStatement[]): void {
  const found: Found[] = [];
  for (const st of statements) {
    const object = pc.dialect.unsupportedStatement(st.sql);
    if (object) found.push({ object, where: `${displayPath(pc, st.file)}:${st.line}` });
  }
  if (found.length) throw unsupportedObjectError(found, 'db/schema declares');
}

/**
 * After the shadow ran `db/schema`: refuse what the catalog holds beyond the IR (an EXCLUDE constraint, an
 * INCLUDE index, a DEFERRABLE unique key…), each with the statement that most likely declared it.
 */
export async function refuseUnmodelledInShadow(pc: ProjectContext, conn: Connection, statements: SchemaStatement[]): Promise<void> {
  const objects = await pc.dialect.unmodelled(conn);
  if (!objects.length) return;
  throw unsupportedObjectError(
    objects.map((object) => {
      const st = statementFor(object, statements);
      return st ? { object, where: `${displayPath(pc, st.file)}:${st.line}` } : { object };
    }),
    'db/schema declares',
  );
}

/** `flash pull` and friends: the live database holds what Flash would leave out. */
export function unmodelledInDatabaseError(objects: UnmodelledObject[], database: string): FlashError {
  return unsupportedObjectError(
    objects.map((object) => ({ object })),
    `${database} holds`,
    'Flash would leave them out of db/schema. Pass --skip-unsupported to pull the rest and list what is left out, or remove them from the database first.',
  );
}

function unsupportedObjectError(found: Found[], subject: string, hint?: string): FlashError {
  const shown = found.slice(0, 5).map((f) => (f.where ? `${f.where} ${describeUnmodelled(f.object)}` : describeUnmodelled(f.object)));
  const more = found.length > shown.length ? `; and ${found.length - shown.length} more` : '';
  return new FlashError(
    'E_UNSUPPORTED_OBJECT',
    `${subject} ${found.length} object(s) Flash does not model: ${shown.join('; ')}${more}.`,
    hint ??
      'Flash cannot version these yet and never drops them silently. Keep them out of db/schema and manage them in a hand-written migration (`flash migrate <name> --create-only`); the README lists what each engine supports.',
    { data: { objects: found.map((f) => ({ ...f.object, ...(f.where ? { at: f.where } : {}) })) } },
  );
}

/**
 * The first statement that names the object; for a part of a table (`derived.v`, `idx on derived`) the
 * first naming both it and the table (a bare column name is in many statements), else the table's.
 */
function statementFor(object: UnmodelledObject, statements: SchemaStatement[]): SchemaStatement | undefined {
  const simple = object.name.split(' ')[0].replace(/\(.*$/, '').split('.').pop()!;
  if (!object.table) return statements.find((st) => mentions(st, simple));
  const table = object.table;
  return (
    statements.find((st) => mentions(st, simple) && mentions(st, table)) ??
    statements.find((st) => mentions(st, table)) ??
    statements.find((st) => mentions(st, simple))
  );
}

function mentions(statement: SchemaStatement, name: string): boolean {
  if (!name) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$])["\`]?${escaped}["\`]?($|[^\\w$])`, 'i').test(statement.sql);
}
