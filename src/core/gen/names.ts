/** Identifier spelling per language; all generators derive names from the query and column names. */

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function pascalCase(name: string): string {
  const s = words(name)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(s) ? `X${s}` : s || 'X';
}

export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p[0].toLowerCase() + p.slice(1);
}

export function snakeCase(name: string): string {
  const s = words(name).join('_');
  return /^[0-9]/.test(s) ? `x_${s}` : s || 'x';
}

/** Go exports need an upper-case initial; common initialisms stay upper-case (`ID`, `URL`), like sqlc. */
export function goName(name: string): string {
  return (
    words(name)
      .map((w) =>
        ['id', 'url', 'uri', 'api', 'json', 'sql', 'uuid', 'ip', 'http'].includes(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1),
      )
      .join('')
      .replace(/^([0-9])/, 'X$1') || 'X'
  );
}

/** A property key that needs quoting in TS/JS when it is not a plain identifier. */
export function tsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
