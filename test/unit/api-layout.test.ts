import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * src/api is split so the tree shows which is which: the top level holds only entry points (what a
 * CLI command, the TUI or the studio calls as "the command"), src/api/project holds the project's
 * machinery (chain, tracking, local state, shadow, caches, runner…). Machinery never imports an entry
 * point: a command may use another command and any machinery, machinery only other machinery.
 */
const API = path.resolve(import.meta.dirname, '../../src/api');
const PROJECT = path.join(API, 'project');

/** Adding a command? Add its file here; anything else belongs in src/api/project/. */
const ENTRY_POINTS = [
  'adopt',
  'apply',
  'audit-read',
  'backup',
  'branch-create',
  'branch-delete',
  'branch-diff',
  'branch-list',
  'branch-switch',
  'check',
  'checkout',
  'demo',
  'diff',
  'down',
  'explain',
  'export',
  'fsck',
  'gen',
  'hooks',
  'init',
  'mark-applied',
  'merge',
  'merge-driver',
  'merge-schema-driver',
  'migrate',
  'migration-detail',
  'plugins',
  'pull',
  'raw',
  'reset',
  'resolve',
  'restore',
  'schema-edit',
  'seed',
  'status',
  'table-rows',
  'undo-migration',
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Relative module specifiers of static and dynamic imports and re-exports. */
function relativeImports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g)) specs.push(m[1]);
  return specs;
}

describe('src/api layout', () => {
  it('the top level of src/api holds only the listed entry points, and the machinery folder', () => {
    const entries = readdirSync(API, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirs).toEqual(['project']);
    expect(files.filter((f) => !ENTRY_POINTS.includes(f.replace(/\.ts$/, '')))).toEqual([]);
    expect(ENTRY_POINTS.filter((name) => !files.includes(`${name}.ts`))).toEqual([]);
  });

  it('an entry point takes the opened project: only those that must open it from a directory do', () => {
    // checkout re-reads the project on the checked-out branch; the merge drivers' entry is git's
    // invocation (files, not a project); fsck checks a store whose project config may be missing;
    // resolve looks at the other databases of a [[databases]] project before committing the one git merge.
    const mayOpen = ['checkout.ts', 'fsck.ts', 'merge-driver.ts', 'resolve.ts'];
    const opening = readdirSync(API)
      .filter((f) => f.endsWith('.ts') && /\b(openProject|loadProject)s?\(/.test(readFileSync(path.join(API, f), 'utf8')))
      .sort();
    expect(opening).toEqual(mayOpen);
  });

  it('machinery under src/api/project never imports an entry point', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(PROJECT)) {
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), spec);
        if (path.dirname(target) === API) offenders.push(`${path.relative(API, file)} imports ${spec}`);
      }
    }
    expect(tsFiles(PROJECT).length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
