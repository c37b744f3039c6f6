import { describe, expect, it } from 'vitest';
import { branchUrl, followUserUrl, type UrlRules } from '../../../src/api/project/branch-urls.js';
import type { BranchesFile } from '../../../src/api/project/branch-state.js';

/** PostgreSQL's URL rules (the admin's urlFor/databaseName are plain URL path edits). */
const pg: UrlRules = {
  provider: 'postgresql',
  dialect: {
    databases: {
      urlFor: (url, name) => {
        const u = new URL(url);
        u.pathname = '/' + name;
        return u.toString();
      },
      databaseName: (url) => new URL(url).pathname.slice(1),
    },
  },
};

const at = new Date(0).toISOString();
const file: BranchesFile = {
  version: 1,
  configuredUrl: 'postgres://u:old@db1:5432/app',
  homeBranch: 'main',
  branches: {
    main: { url: 'postgres://u:old@db1:5432/app', createdAt: at },
    feature: { url: 'postgres://u:old@db1:5432/app__feature', createdAt: at },
  },
};

describe('branch URLs follow the base URL the user gives (issue 12 item 2)', () => {
  it('leaves the file alone for URLs Flash published or knows', () => {
    expect(followUserUrl(pg, file, { url: 'postgres://u:old@db1:5432/app__feature', source: '.env', branch: 'feature' })).toBe(file);
    expect(followUserUrl(pg, file, { url: 'postgres://u:old@db1:5432/app__feature', source: 'environment' })).toBe(file);
    expect(followUserUrl(pg, file, { url: 'postgres://u:old@db1:5432/app', source: '.env' })).toBe(file);
  });

  it("carries an edit of another branch's line (new password, new host) into every branch", () => {
    const next = followUserUrl(pg, file, { url: 'postgres://u:new@db2:5432/app__feature', source: '.env', branch: 'feature' });
    expect(next.configuredUrl).toBe('postgres://u:new@db2:5432/app');
    expect(branchUrl(pg, next, 'main')).toBe('postgres://u:new@db2:5432/app');
    expect(branchUrl(pg, next, 'feature')).toBe('postgres://u:new@db2:5432/app__feature');
    expect(branchUrl(pg, next, 'later')).toBe('postgres://u:new@db2:5432/app__later');
    expect(next.branches.feature.url).toBe('postgres://u:new@db2:5432/app__feature');
  });

  it("takes an edit of the home branch's line as the new base, database name included", () => {
    const next = followUserUrl(pg, file, { url: 'postgres://u:new@db1:5432/app2', source: '.env', branch: 'main' });
    expect(branchUrl(pg, next, 'main')).toBe('postgres://u:new@db1:5432/app2');
    expect(branchUrl(pg, next, 'feature')).toBe('postgres://u:new@db1:5432/app__feature');
  });

  it('an environment value naming a branch database contributes its server only; an unknown database is a new base', () => {
    const exported = followUserUrl(pg, file, { url: 'postgres://u:env@db3:5432/app__feature', source: 'environment' });
    expect(branchUrl(pg, exported, 'main')).toBe('postgres://u:env@db3:5432/app');
    const other = followUserUrl(pg, file, { url: 'postgres://u:env@db3:5432/ci_db', source: 'environment' });
    expect(branchUrl(pg, other, 'main')).toBe('postgres://u:env@db3:5432/ci_db');
    expect(branchUrl(pg, other, 'feature')).toBe('postgres://u:env@db3:5432/app__feature');
  });

  it("a renamed database on another branch's line points that branch at it", () => {
    const next = followUserUrl(pg, file, { url: 'postgres://u:old@db1:5432/mine', source: '.env', branch: 'feature' });
    expect(branchUrl(pg, next, 'feature')).toBe('postgres://u:old@db1:5432/mine');
    expect(branchUrl(pg, next, 'main')).toBe('postgres://u:old@db1:5432/app');
  });
});
