import { applyPending } from './apply.js';
import { openableUrl } from './branch-databases.js';
import type { ProjectContext } from './project-context.js';

/**
 * `flash branch <name> --schema-only`: the new branch's database gets the schema and none of the
 * source's rows — an empty database with every migration applied (only rows the migrations insert
 * themselves). Its cost follows the number of migrations, not the size of the dev database, which is
 * the way out when copying a large one is too slow. Returns the hash it is at. A failure drops it.
 */
export async function createSchemaOnlyDatabase(pc: ProjectContext, target: string): Promise<string> {
  const to = openableUrl(pc, target);
  await pc.dialect.databases.create(to);
  try {
    return (await applyPending({ ...pc, databaseUrl: to })).snapshot;
  } catch (err) {
    await pc.dialect.databases.drop(to).catch(() => undefined);
    throw err;
  }
}
