import { FlashError } from '../../errors.js';

/**
 * `CREATE COLLATION name (… provider = icu …)` or `CREATE COLLATION name FROM "…-x-icu"` anywhere in
 * the SQL a shadow will run.
 */
const icuCollation =
  /\bcreate\s+collation\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)\s*(?:\(([^)]*)\)|from\s+("[^"]*"|[\w$.]+))/gi;

export function icuCollationsCreatedBy(sql: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of sql) {
    for (const m of text.matchAll(icuCollation)) {
      const options = m[2] ?? '';
      const from = m[3] ?? '';
      if (/\bprovider\s*=\s*'?icu\b/i.test(options) || /-x-icu"?$/i.test(from)) names.add(m[1].replace(/"/g, ''));
    }
  }
  return [...names].sort();
}

/**
 * PGlite accepts `CREATE COLLATION … (provider = icu)` but ships no ICU data: such a collation
 * compares like "C" (`'a' = 'A'` is false under `und-u-ks-level2`), and a newer PostgreSQL
 * canonicalizes ICU locale names differently from the server the migrations run on. A schema with one
 * is refused by name, with the `shadow_url` line that runs the shadow on a real server instead.
 */
export function refuseIcuCollationsOnPglite(sql: readonly string[]): void {
  const names = icuCollationsCreatedBy(sql);
  if (names.length === 0) return;
  throw new FlashError(
    'E_SHADOW_UNSUPPORTED',
    `The embedded PGlite shadow has no ICU collations: ${names.map((n) => `collation "${n}"`).join(', ')} (provider = icu).`,
    'Run the shadow on a PostgreSQL server with ICU: add "shadow_url": "postgres://user@host:5432/postgres" to the "database" section of flash.config.json (shadow_url = "…" under [database] in flash.toml).',
    { data: { collations: names } },
  );
}
