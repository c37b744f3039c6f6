/**
 * Which statements of a migration must run before its transaction: `ALTER TYPE … ADD VALUE`.
 * PostgreSQL accepts it inside a transaction but refuses to use the new label until that transaction
 * commits ("unsafe use of new value"), so a migration that adds a label and then uses it (a default, a
 * CHECK, a row) cannot run as one transaction. Flash renders it `ADD VALUE IF NOT EXISTS`, so running
 * it again after a failed attempt is harmless. Not hoisted: a type created or renamed earlier in the
 * same statements, whose ADD VALUE must wait for that statement.
 */
export function statementsBeforeTransaction(statements: string[]): number[] {
  const early: number[] = [];
  statements.forEach((sql, i) => {
    const name = addValueType(sql);
    if (name === undefined) return;
    const touchedEarlier = statements.slice(0, i).some((prev) => addValueType(prev) === undefined && mentionsType(prev, name));
    if (!touchedEarlier) early.push(i);
  });
  return early;
}

const ADD_VALUE = /^\s*ALTER\s+TYPE\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)\s+ADD\s+VALUE\b/i;

function addValueType(sql: string): string | undefined {
  const m = ADD_VALUE.exec(sql);
  return m ? bareName(m[1]) : undefined;
}

/** The last name segment, unquoted and case-folded like PostgreSQL folds it. */
function bareName(name: string): string {
  const last = name.split(/\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/).pop()!;
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

function mentionsType(sql: string, name: string): boolean {
  const typeRef = /\bTYPE\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/gi;
  let m: RegExpExecArray | null;
  while ((m = typeRef.exec(sql))) if (bareName(m[1]) === name) return true;
  return /\bRENAME\s+TO\s+/i.test(sql) && new RegExp(`\\bRENAME\\s+TO\\s+"?${name.replace(/[$]/g, '\\$')}"?`, 'i').test(sql);
}
