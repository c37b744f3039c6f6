import { describe, expect, it } from 'vitest';
import { branchDatabaseName, branchSlug, sqliteBranchFile } from '../../../src/core/branch/database-naming.js';
import { redactUrl } from '../../../src/core/redact.js';

describe('branch database naming', () => {
  it('uses <basedb>__<slug> for clean names', () => {
    expect(branchDatabaseName('app', 'feature')).toBe('app__feature');
    expect(sqliteBranchFile('feature')).toBe('.flash/local/db/feature.db');
  });

  it('makes lossy slugs unique with a hash suffix', () => {
    expect(branchSlug('Feature/Add-Bio')).toBe('feature_add_bio');
    const a = branchDatabaseName('app', 'a-b');
    const b = branchDatabaseName('app', 'a/b');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^app__a_b_[0-9a-f]{8}$/);
    expect(sqliteBranchFile('a-b')).not.toBe(sqliteBranchFile('a/b'));
  });

  it('never exceeds 63 characters and stays distinct when truncated', () => {
    const long1 = 'feature_' + 'x'.repeat(80) + '_one';
    const long2 = 'feature_' + 'x'.repeat(80) + '_two';
    const n1 = branchDatabaseName('my_application_database', long1);
    const n2 = branchDatabaseName('my_application_database', long2);
    expect(n1.length).toBeLessThanOrEqual(63);
    expect(n2.length).toBeLessThanOrEqual(63);
    expect(n1).not.toBe(n2);
    expect(n1).toMatch(/^[a-z0-9_]+$/);
  });

  it('hides passwords', () => {
    expect(redactUrl('postgres://bob:s3cret@h:5432/app')).toBe('postgres://bob:***@h:5432/app');
    expect(redactUrl('file:./dev.db')).toBe('file:./dev.db');
    expect(redactUrl('mysql://:pw@h/app?ssl=1 and postgres://u:p%40ss@h2/db')).toBe('mysql://:***@h/app?ssl=1 and postgres://u:***@h2/db');
  });
});
