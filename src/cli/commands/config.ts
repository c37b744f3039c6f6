import path from 'node:path';
import { loadProject, resolveDatabaseUrl } from '../../config/load-config.js';
import type { CommandHandler } from '../context.js';
import { redactUrl } from '../../core/redact.js';

/** Prints the resolved configuration; fails with the same coded errors every database command would. */
const config: CommandHandler = async (_args, _options, ctx) => {
  const project = await loadProject(ctx.cwd);
  const url = redactUrl(await resolveDatabaseUrl(project));
  const rel = (p: string) => path.relative(ctx.cwd, p) || '.';
  const info = {
    configFile: rel(project.configFile),
    provider: project.config.database.provider,
    urlEnv: project.config.database.url_env,
    url,
    schemaDir: rel(project.schemaDir),
    migrationsDir: rel(project.migrationsDir),
    queriesDir: rel(project.queriesDir),
  };
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...info }));
  else for (const [k, v] of Object.entries(info)) ctx.out(`${k.padEnd(14)} ${v}`);
  return 0;
};
export default config;
