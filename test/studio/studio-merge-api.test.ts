import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash } from '../helpers/cli.js';
import { conflictedMerge, sqliteProject } from '../ui/projects.js';
import { rawRequest, startStudioProcess, StudioClient, type StudioProcess } from './studio-process.js';

/** What a resolution leaves in the project, with the migration timestamps (the only thing that differs between two runs) masked. */
function written(dir: string): { lock: string; migrations: Record<string, string>; conflictsFile: boolean } {
  const mask = (s: string) => s.replace(/\d{14}_/g, 'T_').replace(/^-- Created: .*$/gm, '-- Created: T');
  const files = readdirSync(path.join(dir, 'db/migrations')).filter((f) => f.endsWith('.sql'));
  return {
    // Checksums cover each file's `Created:` time (the two resolutions may fall in different seconds);
    // the files themselves are compared below.
    lock: mask(readFileSync(path.join(dir, 'db/migrations/flash.lock'), 'utf8'))
      .replace(/^(# flash\.lock v1) [0-9a-f]{64}$/m, '$1 HEADER')
      .replace(/^(T_\S+) [0-9a-f]{64} /gm, '$1 CHECKSUM '),
    migrations: Object.fromEntries(files.map((f) => [mask(f), mask(readFileSync(path.join(dir, 'db/migrations', f), 'utf8'))])),
    conflictsFile: existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json')),
  };
}

/** The merge-conflicts page's API: the stopped `flash merge`, resolved through `flash resolve`'s own entry point. */
describe('flash studio merge conflicts API', () => {
  const studios: StudioProcess[] = [];
  const start = async (dir: string) => {
    const s = await startStudioProcess(dir, {});
    studios.push(s);
    return { studio: s, api: new StudioClient(s.origin) };
  };
  afterAll(async () => {
    for (const s of studios) expect(await s.stop()).toBe(0);
  });

  it('says no merge is in progress, and refuses a resolution then', async () => {
    const { api } = await start(await sqliteProject());
    const view = await api.get('/api/merge');
    expect(view.status).toBe(200);
    expect(view.body).toEqual({ conflicts: [], remaining: [] });
    const r = await api.post('/api/merge/resolve', { path: 'users.email', choice: 'ours' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('E_NO_MERGE');
  });

  it('shows each conflict with its code and each side as DDL; keep-theirs writes exactly what `flash resolve --theirs` writes', async () => {
    const [viaStudio, viaCli] = await Promise.all([conflictedMerge(), conflictedMerge()]);
    const { studio, api } = await start(viaStudio);
    const view = await api.get('/api/merge');
    expect(view.status).toBe(200);
    expect(view.body.merging).toBe('feature');
    expect(view.body.remaining).toEqual(['users.email']);
    const [conflict, warning] = view.body.conflicts;
    expect(conflict).toMatchObject({ code: 'C002', path: 'users.email', warning: false, resolutions: ['ours', 'theirs'] });
    expect(conflict.sides.base).toMatch(/"email" text/);
    expect(conflict.sides.ours).toMatch(/"email" varchar\(255\)/);
    expect(conflict.sides.theirs).toMatch(/"email" varchar\(320\) NOT NULL/);
    expect(warning).toMatchObject({ code: 'W001', warning: true, resolutions: [] });

    // a write without the CSRF header changes nothing
    const forged = await rawRequest(studio.origin, '/api/merge/resolve', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'users.email', choice: 'theirs' }),
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('X-Flash-CSRF');
    expect((await api.get('/api/merge')).body.remaining).toEqual(['users.email']);

    const wrong = await api.post('/api/merge/resolve', { path: 'users.email', choice: 'both' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('cannot be resolved with --both');

    const done = await api.post('/api/merge/resolve', { path: 'users.email', choice: 'theirs' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ finished: true, remaining: [] });
    expect(done.body.migration).toMatch(/^\d{14}_merge_feature$/);
    const cli = await runFlash(['resolve', 'users.email', '--theirs'], { cwd: viaCli });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('All conflicts resolved');
    expect(written(viaStudio)).toEqual(written(viaCli));
    expect(written(viaStudio).conflictsFile).toBe(false);
    expect(await api.get('/api/merge')).toMatchObject({ status: 200, body: { conflicts: [] } });
  });
});
