/**
 * MySQL/MariaDB table options as `information_schema.tables.create_options` lists them
 * (`row_format=DYNAMIC page_checksum=1 partitioned`). Engine, charset and collation have their own
 * IR fields and `partitioned` is partitioning (refused separately), so neither appears here.
 */

const token = /([A-Za-z_`][\w`]*)=('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|\S+)|(\S+)/g;

/**
 * Options an engine writes into create_options on its own, with the value it writes: MariaDB's Aria
 * lists `transactional=1` for every table created without the option and adds `page_checksum=` (the
 * server's `aria_page_checksum`) on the first ALTER. Such a value is the engine's default, not
 * something the user declared: it is left out of the IR, or every ALTER of an Aria table would read as
 * a change. (An explicit `PAGE_CHECKSUM=1` on a server whose default is 1 is therefore not kept apart
 * from no option at all; both build the same table.)
 */
export function engineDefaultOptions(engine: string | undefined, ariaPageChecksum: boolean): Record<string, string> {
  if (engine?.toLowerCase() === 'aria') return { page_checksum: ariaPageChecksum ? '1' : '0', transactional: '1' };
  return {};
}

/** Options an engine may leave behind in create_options when the table moves to another engine. */
export function lingeringOptions(engine: string | undefined): string[] {
  return Object.keys(engineDefaultOptions(engine, true));
}

/** `create_options` → sorted `name=value` list (names lower-case), or undefined when there is none. */
export function parseCreateOptions(raw: string | null | undefined, defaults: Record<string, string> = {}): string[] | undefined {
  if (!raw) return undefined;
  const out: string[] = [];
  for (const m of raw.matchAll(token)) {
    if (m[3] !== undefined) continue; // a bare word: `partitioned`
    const name = m[1].replace(/`/g, '').toLowerCase();
    if (defaults[name] === m[2]) continue;
    out.push(`${name}=${m[2]}`);
  }
  out.sort((a, b) => optionName(a).localeCompare(optionName(b)));
  return out.length ? out : undefined;
}

export function optionName(option: string): string {
  return option.slice(0, option.indexOf('='));
}

/** `row_format=DYNAMIC` → `ROW_FORMAT=DYNAMIC`, the spelling of CREATE/ALTER TABLE. */
export function createOptionClause(option: string): string {
  const name = optionName(option);
  return `${name.toUpperCase()}=${option.slice(name.length + 1)}`;
}

/**
 * The clause that takes an option back to "not set". Most options accept `=DEFAULT` (which removes
 * them from create_options on MariaDB 10.11); the numeric MyISAM/Aria ones and KEY_BLOCK_SIZE only
 * accept 0, INSERT_METHOD only NO and UNION an empty list. An option the engine writes on its own
 * (engineDefaults, see engineDefaultOptions) is set to that value.
 */
export function resetOptionClause(name: string, engineDefaults: Record<string, string> = {}): string {
  // On Aria, PAGE_CHECKSUM=DEFAULT keeps the current value: set the engine's default instead.
  if (engineDefaults[name] !== undefined) return `${name.toUpperCase()}=${engineDefaults[name]}`;
  if (zeroReset.has(name)) return `${name.toUpperCase()}=0`;
  if (name === 'insert_method') return 'INSERT_METHOD=NO';
  if (name === 'union') return 'UNION=()';
  return `${name.toUpperCase()}=DEFAULT`;
}

const zeroReset = new Set(['checksum', 'delay_key_write', 'max_rows', 'min_rows', 'avg_row_length', 'key_block_size']);

/** The clauses turning `from` into `to` (options set, changed or reset), in name order; `engine` is the table's engine after. */
export function changedOptionClauses(from: string[] | undefined, to: string[] | undefined, engine?: string): string[] {
  const defaults = engineDefaultOptions(engine, true);
  const before = new Map((from ?? []).map((o) => [optionName(o), o]));
  const after = new Map((to ?? []).map((o) => [optionName(o), o]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: string[] = [];
  for (const name of names) {
    const next = after.get(name);
    if (next === undefined) out.push(resetOptionClause(name, defaults));
    else if (next !== before.get(name)) out.push(createOptionClause(next));
  }
  return out;
}
