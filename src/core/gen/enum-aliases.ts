import { FlashError } from '../../errors.js';
import type { GenType, ResolvedQuery } from './model.js';
import { pascalCase } from './names.js';

/**
 * Every generator names an enum type by `pascalCase` of its name (`lookup.mood` → `LookupMood`). Two
 * different enums the queries use that would get the same name (`lookup.mood` and a public
 * `lookup_mood`) would make one type stand for both, typing one column with the other's labels: that
 * is refused by name before anything is written.
 */
export function assertDistinctEnumAliases(queries: readonly ResolvedQuery[]): void {
  const byAlias = new Map<string, { enumName: string; query: ResolvedQuery }>();
  for (const q of queries) {
    const types: GenType[] = [...q.params.map((p) => p.type), ...q.columns.map((c) => c.type)];
    for (const t of types) {
      if (t.base !== 'enum' || !t.enumName) continue;
      const alias = pascalCase(t.enumName);
      const seen = byAlias.get(alias);
      if (!seen) byAlias.set(alias, { enumName: t.enumName, query: q });
      else if (seen.enumName !== t.enumName)
        throw new FlashError(
          'E_GEN_NAME_CLASH',
          `The enum types ${seen.enumName} (query ${seen.query.name}, ${seen.query.file}:${seen.query.line}) and ${t.enumName} (query ${q.name}, ${q.file}:${q.line}) would both be named ${alias} in the generated clients.`,
          'Rename one of the enum types, or cast the column to text in one of the queries (`col::text AS col`).',
          { data: { alias, enums: [seen.enumName, t.enumName] } },
        );
    }
  }
}
