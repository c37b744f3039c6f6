import type { Definition } from '../../core/model/definitions.js';
import { routineKey } from '../../core/model/definitions.js';
import type { Connection } from '../dialect.js';
import { quoteIdent, quoteLiteral } from './quote.js';

/**
 * Aggregates (`CREATE AGGREGATE`) of every user schema (like functions, introspect-definitions.ts),
 * extension members left out, in one catalog query. `pg_get_functiondef` refuses aggregates, so the
 * statement is rebuilt from `pg_aggregate` the way pg_dump does it, every option spelled out in a
 * fixed order and only when it differs from its default, so that a server and its shadow agree on the
 * text: ordinary, ordered-set (`ORDER BY`) and hypothetical-set aggregates, moving-aggregate support
 * (`MSFUNC`, …), `SORTOP` and `PARALLEL`. Support functions are written schema-qualified unless they
 * are PostgreSQL's own (pg_catalog), so the text does not depend on `search_path`.
 */

const fn = (col: string) => `(select case when f.pronamespace = 'pg_catalog'::regnamespace then quote_ident(f.proname)
    else quote_ident(fn.nspname) || '.' || quote_ident(f.proname) end
  from pg_proc f join pg_namespace fn on fn.oid = f.pronamespace where f.oid = a.${col})`;

const aggregatesSql = `
  select n.nspname as schema, p.proname as name, a.aggkind as kind, a.aggnumdirectargs as direct, p.provariadic <> 0 as variadic,
    (select coalesce(json_agg(format_type(t, null) order by o), '[]') from unnest(p.proargtypes::oid[]) with ordinality u(t, o)) as argtypes,
    pg_get_function_arguments(p.oid) as args,
    ${fn('aggtransfn')} as sfunc, format_type(a.aggtranstype, null) as stype, a.aggtransspace as sspace, a.agginitval as initcond,
    ${fn('aggfinalfn')} as finalfunc, a.aggfinalextra as finalextra, a.aggfinalmodify as finalmodify,
    ${fn('aggcombinefn')} as combinefunc, ${fn('aggserialfn')} as serialfunc, ${fn('aggdeserialfn')} as deserialfunc,
    ${fn('aggmtransfn')} as msfunc, ${fn('aggminvtransfn')} as minvfunc,
    case when a.aggmtranstype <> 0 then format_type(a.aggmtranstype, null) end as mstype, a.aggmtransspace as msspace,
    a.aggminitval as minitcond, ${fn('aggmfinalfn')} as mfinalfunc, a.aggmfinalextra as mfinalextra, a.aggmfinalmodify as mfinalmodify,
    (select 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
      from pg_operator o join pg_namespace opn on opn.oid = o.oprnamespace where o.oid = a.aggsortop) as sortop,
    p.proparallel as parallel
  from pg_aggregate a join pg_proc p on p.oid = a.aggfnoid join pg_namespace n on n.oid = p.pronamespace
  where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'
    and not exists (select 1 from pg_depend xd where xd.classid = 'pg_proc'::regclass and xd.objid = p.oid and xd.deptype = 'e')
  order by 1, 2`;

interface AggregateRow {
  schema: string;
  name: string;
  /** n: ordinary, o: ordered-set, h: hypothetical-set */
  kind: string;
  direct: number;
  variadic: boolean;
  argtypes: unknown;
  args: string;
  sfunc: string;
  stype: string;
  sspace: number;
  initcond: string | null;
  finalfunc: string | null;
  finalextra: boolean;
  finalmodify: string;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  msspace: number;
  minitcond: string | null;
  mfinalfunc: string | null;
  mfinalextra: boolean;
  mfinalmodify: string;
  sortop: string | null;
  parallel: string;
}

export async function introspectAggregates(conn: Connection): Promise<Definition[]> {
  const out: Definition[] = [];
  for (const r of await conn.query<AggregateRow>(aggregatesSql)) {
    const signature = aggregateSignature(r);
    out.push({
      name: routineKey('aggregate', r.schema, r.name, signature),
      kind: 'aggregate',
      object: r.name,
      schema: r.schema,
      signature,
      definition: aggregateSql(r),
    });
  }
  return out;
}

/**
 * The argument types as `DROP AGGREGATE` takes them: `*` for none, `ORDER BY` between the direct and
 * the aggregated arguments of an ordered-set aggregate. A hypothetical-set aggregate whose direct and
 * aggregated arguments share one `VARIADIC "any"` (like `rank`) stores it once.
 */
function aggregateSignature(r: AggregateRow): string {
  const types = typeof r.argtypes === 'string' ? (JSON.parse(r.argtypes) as string[]) : (r.argtypes as string[]);
  if (r.kind === 'n') return types.length === 0 ? '*' : types.join(', ');
  const direct = types.slice(0, r.direct);
  const aggregated = types.slice(r.direct);
  if (aggregated.length === 0 && r.variadic && direct.length > 0) {
    const last = `VARIADIC ${direct.pop() as string}`;
    return `${[...direct, last].join(', ')} ORDER BY ${last}`;
  }
  return `${direct.join(', ')}${direct.length ? ' ' : ''}ORDER BY ${aggregated.join(', ')}`;
}

const modify: Record<string, string> = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' };
const parallel: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' };

/** `CREATE AGGREGATE schema.name(args) (…)`, one option a line, in pg_dump's order. */
function aggregateSql(r: AggregateRow): string {
  // FINALFUNC_MODIFY's default: READ_ONLY for an ordinary aggregate, READ_WRITE for the others.
  const defaultModify = r.kind === 'n' ? 'r' : 'w';
  const options = [`SFUNC = ${r.sfunc}`, `STYPE = ${r.stype}`];
  if (Number(r.sspace) !== 0) options.push(`SSPACE = ${r.sspace}`);
  if (r.initcond !== null) options.push(`INITCOND = ${quoteLiteral(r.initcond)}`);
  if (r.finalfunc !== null) {
    options.push(`FINALFUNC = ${r.finalfunc}`);
    if (r.finalextra) options.push('FINALFUNC_EXTRA');
    if (r.finalmodify !== defaultModify) options.push(`FINALFUNC_MODIFY = ${modify[r.finalmodify]}`);
  }
  if (r.combinefunc !== null) options.push(`COMBINEFUNC = ${r.combinefunc}`);
  if (r.serialfunc !== null) options.push(`SERIALFUNC = ${r.serialfunc}`, `DESERIALFUNC = ${r.deserialfunc ?? ''}`);
  if (r.msfunc !== null) options.push(`MSFUNC = ${r.msfunc}`, `MINVFUNC = ${r.minvfunc ?? ''}`, `MSTYPE = ${r.mstype ?? ''}`);
  if (Number(r.msspace) !== 0) options.push(`MSSPACE = ${r.msspace}`);
  if (r.minitcond !== null) options.push(`MINITCOND = ${quoteLiteral(r.minitcond)}`);
  if (r.mfinalfunc !== null) {
    options.push(`MFINALFUNC = ${r.mfinalfunc}`);
    if (r.mfinalextra) options.push('MFINALFUNC_EXTRA');
    if (r.mfinalmodify !== defaultModify) options.push(`MFINALFUNC_MODIFY = ${modify[r.mfinalmodify]}`);
  }
  if (r.sortop !== null) options.push(`SORTOP = ${r.sortop}`);
  if (r.kind === 'h') options.push('HYPOTHETICAL');
  if (parallel[r.parallel]) options.push(`PARALLEL = ${parallel[r.parallel]}`);
  const args = r.args === '' ? '*' : r.args;
  return `CREATE AGGREGATE ${quoteIdent(r.schema)}.${quoteIdent(r.name)}(${args}) (\n    ${options.join(',\n    ')}\n)`;
}
