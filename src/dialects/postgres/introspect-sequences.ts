import type { Sequence } from '../../core/model/schema.js';
import type { Connection } from '../dialect.js';
import { withoutDefaults } from './render-sequences.js';
import { inUserNamespace, irName, relationIrName } from './user-namespaces.js';

/**
 * The sequence `serial` creates: named `<table>_<column>_seq`, owned by that column, every option at
 * its default. Such a column is spelled `serial` in the IR and its sequence is not listed; any other
 * sequence a column owns (another name, START 1000, …) is a standalone sequence with OWNED BY, so
 * what the user declared is what Flash recreates. `seq`, `table`, `column`: SQL expressions for the
 * sequence's pg_class row alias, the owning table's name and the column's name.
 */
export function isSerialSequence(seq: string, table: string, column: string): string {
  return `(${seq}.relname = ${table} || '_' || ${column} || '_seq' and exists (
      select 1 from pg_sequence ps where ps.seqrelid = ${seq}.oid and ps.seqstart = 1 and ps.seqincrement = 1 and ps.seqmin = 1
        and ps.seqcache = 1 and not ps.seqcycle
        and ps.seqmax = case ps.seqtypid when 'int2'::regtype then 32767 when 'int4'::regtype then 2147483647 else 9223372036854775807 end))`;
}

const sequencesSql = `
  select ${irName('n.nspname', 'c.relname')} as name, format_type(s.seqtypid, null) as type, s.seqstart::text as start, s.seqincrement::text as increment,
    s.seqmin::text as min, s.seqmax::text as max, s.seqcache::text as cache, s.seqcycle as cycle,
    o.table_name as owner_table, o.column_name as owner_column, obj_description(c.oid, 'pg_class') as comment
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_sequence s on s.seqrelid = c.oid
  left join lateral (
    select tc.relname as table_relname, ${relationIrName('tc')} as table_name, a.attname as column_name
    from pg_depend d
    join pg_class tc on tc.oid = d.refobjid
    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass and d.deptype = 'a'
    limit 1
  ) o on true
  where ${inUserNamespace('n.oid')} and c.relkind = 'S' and c.relname not like '\\_flash\\_%'
    and not exists (select 1 from pg_depend x where x.classid = 'pg_class'::regclass and x.objid = c.oid and x.deptype in ('e', 'i'))
    and not (o.table_name is not null and ${isSerialSequence('c', 'o.table_relname', 'o.column_name')})
  order by 1`;

interface SequenceRow {
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  owner_table: string | null;
  owner_column: string | null;
  comment: string | null;
}

export async function introspectSequences(conn: Connection): Promise<Sequence[]> {
  const rows = await conn.query<SequenceRow>(sequencesSql);
  return rows.map((r) => {
    const seq = withoutDefaults({
      name: r.name,
      type: r.type,
      start: r.start,
      increment: r.increment,
      min: r.min,
      max: r.max,
      cache: r.cache,
      cycle: r.cycle,
    });
    if (r.owner_table !== null && r.owner_column !== null) seq.ownedBy = { table: r.owner_table, column: r.owner_column };
    if (r.comment !== null) seq.comment = r.comment;
    return seq;
  });
}
