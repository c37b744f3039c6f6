/**
 * What every language generator refuses the same way: a query whose result cannot become a row type
 * or whose command cannot be honoured on the engine.
 */
import type { ResolvedQuery } from './model.js';
import { queryError } from './query-file.js';
import type { TsDriver } from './ts-types.js';

export function checkQuery(q: ResolvedQuery, driver: TsDriver): void {
  const seen = new Set<string>();
  for (const c of q.columns) {
    if (seen.has(c.name))
      throw queryError(
        q.file,
        q.line,
        `query ${q.name} returns two columns named "${c.name}"`,
        'Give one of them an alias (AS …): a row object has one property per name.',
      );
    seen.add(c.name);
  }
  if ((q.command === 'one' || q.command === 'many') && q.columns.length === 0) {
    throw queryError(
      q.file,
      q.line,
      `query ${q.name} is :${q.command} but returns no columns`,
      'Use :exec, :execrows or :execresult, or add RETURNING.',
    );
  }
  if (q.command === 'execlastid' && driver === 'pg' && q.columns.length !== 1) {
    throw queryError(
      q.file,
      q.line,
      `query ${q.name}: PostgreSQL has no last-insert id; :execlastid needs RETURNING with exactly one column`,
      'Add `RETURNING id` to the statement.',
    );
  }
}
