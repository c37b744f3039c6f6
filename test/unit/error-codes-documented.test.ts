import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, type ErrorCode } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** Issue 18.7: every code Flash can report is in docs/ERRORS.md, with the exit code it really ends with. */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const errorsTs = readFileSync(path.join(REPO_ROOT, 'src/errors.ts'), 'utf8');
const union = errorsTs.slice(errorsTs.indexOf('export type ErrorCode'), errorsTs.indexOf(';', errorsTs.indexOf('export type ErrorCode')));
const declared = [...union.matchAll(/'(E_[A-Z_]+)'/g)].map((m) => m[1]);
const used = new Set(
  ['src', 'ui', 'studio/server']
    .flatMap((d) => sourceFiles(path.join(REPO_ROOT, d)))
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['"`]([EW]_[A-Z][A-Z_]+)['"`]/g)].map((m) => m[1])),
);
const doc = readFileSync(path.join(REPO_ROOT, 'docs/ERRORS.md'), 'utf8');
const rows = new Map([...doc.matchAll(/^\| `([EW]_[A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));

describe('docs/ERRORS.md', () => {
  it('lists every declared error code with the exit code src/errors.ts gives it', () => {
    expect(declared.length).toBeGreaterThan(50);
    for (const code of declared) {
      expect(rows.has(code), `${code} is not documented in docs/ERRORS.md`).toBe(true);
      expect(rows.get(code), `exit code of ${code}`).toBe(String(exitCodeOf(code as ErrorCode)));
    }
  });

  it('lists every code used in the sources (errors and check findings), and nothing that is not', () => {
    for (const code of used) expect(rows.has(code), `${code} is used in the sources but not documented`).toBe(true);
    for (const code of rows.keys()) expect(used.has(code), `${code} is documented but never used`).toBe(true);
  });
});
