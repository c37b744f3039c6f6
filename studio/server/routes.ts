import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isFlashError } from '../../src/errors.js';
import { openProject, type ProjectContext } from '../../src/api/project/project-context.js';
import { status } from '../../src/api/status.js';
import { applyPending } from '../../src/api/apply.js';
import { down } from '../../src/api/down.js';
import { migrationDetail } from '../../src/api/migration-detail.js';
import { listBranchDatabases } from '../../src/api/branch-list.js';
import { diffBranches } from '../../src/api/branch-diff.js';
import { createBranch } from '../../src/api/branch-create.js';
import { checkoutBranch } from '../../src/api/checkout.js';
import { deleteBranch } from '../../src/api/branch-delete.js';
import { explainSql } from '../../src/api/explain.js';
import { applySchemaEdit, previewSchemaEdit, type SchemaEdit } from '../../src/api/schema-edit.js';
import { mergeConflicts, resolveMerge } from '../../src/api/resolve.js';
import { deleteRow, insertRow, listTables, readRows, runSql, updateRow, type RowEdit, type RowsRequest } from '../../src/api/table-rows.js';

const STATUS: Partial<Record<string, ContentfulStatusCode>> = {
  E_ROW_CONFLICT: 409,
  E_UNKNOWN_TABLE: 404,
  E_NO_PRIMARY_KEY: 409,
  E_NEEDS_YES: 409,
  E_DATA_LOSS: 409,
  E_UNKNOWN_BRANCH: 404,
  E_BRANCH_EXISTS: 409,
  E_DIRTY_TREE: 409,
  E_MERGE_IN_PROGRESS: 409,
  E_NO_MERGE: 409,
  E_RESOLUTION_FAILS: 409,
  E_SQL_TIMEOUT: 408,
  E_SCHEMA_FILE_CHANGED: 409,
  E_DB_CONNECT: 502,
  E_INTERNAL: 500,
};

/**
 * The JSON API. Every route opens the project afresh (a branch switch or a config edit since the
 * last request is seen) and calls the same src/api entry points the CLI uses.
 */
export function apiRoutes(dir: string, csrf: string): Hono {
  const api = new Hono();
  const project = () => openProject(dir);
  const run = async (c: Context, work: (pc: ProjectContext) => Promise<unknown>) => {
    try {
      return c.json((await work(await project())) ?? { ok: true });
    } catch (err) {
      if (isFlashError(err)) return c.json({ error: err.toJSON() }, STATUS[err.code] ?? 400);
      return c.json({ error: { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) } }, 500);
    }
  };
  // the JSON body as the route's request type; src/api validates what it uses (tables, columns, cursors)
  const body = <T>(c: Context): Promise<T> => c.req.json<T>();

  api.get('/session', (c) => c.json({ csrf, dir }));
  api.get('/tables', (c) => run(c, (pc) => listTables(pc)));
  api.post('/rows', async (c) => {
    const req = await body<RowsRequest>(c);
    return run(c, (pc) => readRows(pc, req));
  });
  api.post('/rows/update', async (c) => {
    const req = await body<RowEdit>(c);
    return run(c, (pc) => updateRow(pc, req));
  });
  api.post('/rows/insert', async (c) => {
    const req = await body<Parameters<typeof insertRow>[1]>(c);
    return run(c, (pc) => insertRow(pc, req));
  });
  api.post('/rows/delete', async (c) => {
    const req = await body<Parameters<typeof deleteRow>[1]>(c);
    return run(c, (pc) => deleteRow(pc, req));
  });
  api.post('/sql', async (c) => {
    const req = await body<{ sql: string; limit?: number; timeoutMs?: number; allowWrites?: boolean }>(c);
    return run(c, (pc) => runSql(pc, { sql: req.sql, rowLimit: req.limit ?? 500, timeoutMs: req.timeoutMs, allowWrites: req.allowWrites }));
  });
  api.post('/explain', async (c) => {
    // ANALYZE runs the statement (rolled back); one that writes needs `yes`, which the page asks for
    const req = await body<{ sql: string; analyze?: boolean; yes?: boolean; timeoutMs?: number }>(c);
    return run(c, (pc) => explainSql(pc, { sql: req.sql, analyze: req.analyze === true, yes: req.yes === true, timeoutMs: req.timeoutMs }));
  });
  // Schema form: the db/schema change first, then written and `flash migrate`d
  api.post('/schema/preview', async (c) => {
    const req = await body<{ edit: SchemaEdit }>(c);
    return run(c, (pc) => previewSchemaEdit(pc, req.edit));
  });
  api.post('/schema/apply', async (c) => {
    const req = await body<{ edit: SchemaEdit; beforeHash: string; name?: string }>(c);
    return run(c, (pc) => applySchemaEdit(pc, req.edit, { beforeHash: req.beforeHash, name: req.name }));
  });
  // Migrations
  api.get('/migrations', (c) => run(c, (pc) => status(pc)));
  api.get('/migrations/:name', (c) => run(c, (pc) => migrationDetail(pc, c.req.param('name'))));
  api.post('/migrations/apply', (c) => run(c, (pc) => applyPending(pc)));
  api.post('/migrations/down', async (c) => {
    // without `yes`, a Down that loses data is refused (E_DATA_LOSS, listing the losses); the page asks, then sends yes
    const req = await body<{ steps?: number; yes?: boolean }>(c);
    return run(c, (pc) => down(pc, { steps: req.steps ?? 1, yes: req.yes === true }));
  });

  // Branches
  api.get('/branches', (c) => run(c, (pc) => listBranchDatabases(pc.project)));
  api.get('/branches/diff', (c) => run(c, (pc) => diffBranches(pc, c.req.query('a') ?? '', c.req.query('b') ?? '')));
  api.post('/branches/create', async (c) => {
    const req = await body<{ name: string }>(c);
    return run(c, (pc) => createBranch(pc, req.name));
  });
  api.post('/branches/checkout', async (c) => {
    const req = await body<{ branch: string; yes?: boolean }>(c);
    return run(c, () => checkoutBranch(dir, { branch: req.branch, yes: req.yes === true }));
  });
  api.post('/branches/delete', async (c) => {
    // the page confirms before sending: deleting drops the branch's database
    const req = await body<{ name: string; yes?: boolean }>(c);
    return run(c, (pc) => deleteBranch(pc, req.name, { yes: req.yes === true }));
  });

  // Merge conflicts: the stopped `flash merge`, resolved one conflict at a time through `flash resolve`'s entry point
  api.get('/merge', (c) => run(c, (pc) => mergeConflicts(pc)));
  api.post('/merge/resolve', async (c) => {
    const req = await body<{ path: string; choice: Parameters<typeof resolveMerge>[1][string] }>(c);
    return run(c, async (pc) => {
      const r = await resolveMerge(pc, { [req.path]: req.choice });
      return { remaining: r.remaining, finished: r.finished, migration: r.migration, committed: r.committed, notes: r.notes };
    });
  });
  return api;
}
