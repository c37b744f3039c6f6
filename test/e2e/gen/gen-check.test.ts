import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureProject } from './gen-helpers.js';

const run = promisify(execFile);

describe('flash check runs flash gen --check when the project generates clients', () => {
  it('fails with E_GEN_STALE until the generated code matches, and with E_QUERY for a broken query', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('sqlite');
    expect((await flash(['migrate', 'init'])).code).toBe(0);
    await run('git', ['add', '-A'], { cwd: dir });
    await run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: dir });

    const missing = await flash(['check', '--base', 'HEAD']);
    expect(missing.code).toBe(1);
    for (const file of ['flash_gen/index.js', 'flash_py/__init__.py', 'flash_go/queries.sql.go'])
      expect(missing.stdout).toContain(`error[E_GEN_STALE] ${file}: missing or stale`);

    expect((await flash(['gen'])).code).toBe(0);
    const clean = await flash(['check', '--base', 'HEAD']);
    expect(clean.stdout).toMatch(/ok: 0 error\(s\)/);
    expect(clean.code).toBe(0);

    const queries = path.join(dir, 'db/queries/queries.sql');
    const original = readFileSync(queries, 'utf8');
    writeFileSync(queries, original.replace('ORDER BY u.id, p.id;', 'ORDER BY p.id, u.id;'));
    const stale = await flash(['check', '--base', 'HEAD', '--format', 'json']);
    expect(stale.code).toBe(1);
    const report = JSON.parse(stale.stdout) as { findings: Array<{ code: string; file?: string }> };
    expect(report.findings.filter((f) => f.code === 'E_GEN_STALE').map((f) => f.file)).toEqual([
      'flash_gen/index.js',
      'flash_py/__init__.py',
      'flash_go/queries.sql.go',
    ]);

    writeFileSync(queries, original.replace('SELECT * FROM users WHERE id = ?;', 'SELECT nickname FROM users WHERE id = ?;'));
    const broken = await flash(['check', '--base', 'HEAD']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/error\[E_QUERY\] db\/queries\/queries\.sql:5: query GetUser: no such column: nickname/);
  });
});
