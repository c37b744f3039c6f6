import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { openProject } from '../../src/api/project/project-context.js';
import { migrate, type RenameCandidate } from '../../src/api/migrate.js';
import { applyPending } from '../../src/api/apply.js';
import { tempDir } from '../helpers/cli.js';

describe('migrate API on SQLite', () => {
  it('asks about a drop + add that looks like a rename and plans a rename when confirmed', { timeout: 120_000 }, async () => {
    const dir = tempDir('flash-api-');
    writeFileSync(path.join(dir, 'flash.config.json'), JSON.stringify(defaultConfig('sqlite')));
    mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
    const schema = (col: string) =>
      writeFileSync(path.join(dir, 'db/schema/users.sql'), `CREATE TABLE users (id INTEGER PRIMARY KEY, ${col} TEXT);\n`);
    const pc = await openProject(dir, { DATABASE_URL: path.join(dir, 'dev.db') });
    schema('name');
    expect((await migrate(pc, { name: 'init' })).written).toBe(true);
    await applyPending(pc);
    schema('full_name');
    const asked: RenameCandidate[] = [];
    const declined = await migrate(pc, {
      name: 'declined',
      dataChecks: false,
      createOnly: false,
      confirmRename: async (c) => (asked.push(c), false),
    });
    expect(asked).toEqual([expect.objectContaining({ kind: 'column', from: 'users.name', to: 'full_name' })]);
    expect(declined.up.join('\n')).toMatch(/DROP COLUMN|DROP TABLE/i);
    expect(declined.findings.map((f) => f.code)).toContain('L009');
    // a second project state: confirm the rename this time (the declined migration is the chain tail now, so revert the schema first)
    schema('name');
    await migrate(pc, { name: 'back', dataChecks: false });
    schema('full_name');
    const confirmed = await migrate(pc, { name: 'renamed', dataChecks: false, confirmRename: async () => true });
    expect(confirmed.up.join('\n')).toMatch(/RENAME COLUMN "?name"? TO "?full_name"?/i);
    expect(confirmed.findings.map((f) => f.code)).not.toContain('L002');
  });
});
