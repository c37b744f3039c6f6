import { applyPending, type ApplyOptions, type ApplyResult } from './apply.js';
import { forgetDatabase } from './project/local-state.js';
import { liveUrl, type ProjectContext } from './project/project-context.js';

/** `flash reset`: drop and recreate the dev database, then apply every migration. Confirmation is the caller's job. */
export async function reset(pc: ProjectContext, options: Omit<ApplyOptions, 'dryRun'> = {}): Promise<ApplyResult & { database: string }> {
  const url = await liveUrl(pc);
  const admin = pc.dialect.databases;
  if (await admin.exists(url)) await admin.drop(url);
  await admin.create(url);
  await forgetDatabase(pc.project.dir, url);
  const result = await applyPending(pc, options);
  return { ...result, database: admin.databaseName(url) };
}
