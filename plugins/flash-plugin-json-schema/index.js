// A Flash plugin (see Flash's docs/PLUGINS.md): the default export is the plugin object.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toJsonSchema } from './to-json-schema.js';

const usage = 'Usage: flash json-schema [--ref expected|live|schema|<migration>|<snapshot>] [--table name]... [--out file.json]';

/** The plugin object: FlashPlugin in Flash's src/plugins/plugin-api.ts. */
export default {
  apiVersion: 1,
  name: 'json-schema',
  commands: [
    {
      name: 'json-schema',
      description:
        'export the tables as JSON Schema (draft 2020-12): one $defs entry per table, rows shaped like `flash export --format json`',
      async run(args, ctx) {
        const opts = { ref: 'expected', tables: [], out: undefined };
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          if (a === '--ref') opts.ref = args[++i];
          else if (a === '--table') opts.tables.push(args[++i]);
          else if (a === '--out') opts.out = args[++i];
          else if (a === '--json' || a === '--yes' || a === '-y') continue;
          else {
            ctx.err(`error[E_USAGE]: unknown argument ${a}`);
            ctx.err(`hint: ${usage}`);
            return 1;
          }
          if (args[i] === undefined) {
            ctx.err(`error[E_USAGE]: ${a} needs a value`);
            ctx.err(`hint: ${usage}`);
            return 1;
          }
        }
        const schema = await ctx.schema(opts.ref);
        const missing = opts.tables.filter((t) => !schema.tables.some((x) => x.name === t));
        if (missing.length) {
          ctx.err(`error[E_UNKNOWN_TABLE]: no table ${missing.join(', ')} in the ${opts.ref} schema`);
          ctx.err(`hint: tables: ${schema.tables.map((t) => t.name).join(', ') || '(none)'}`);
          return 1;
        }
        const text =
          JSON.stringify(toJsonSchema(schema, { tables: opts.tables, title: `${path.basename(ctx.cwd)} (${opts.ref})` }), null, 2) + '\n';
        if (!opts.out) {
          process.stdout.write(text);
          return 0;
        }
        await writeFile(path.resolve(ctx.cwd, opts.out), text);
        ctx.out(
          ctx.json
            ? JSON.stringify({ ok: true, file: opts.out, tables: schema.tables.length })
            : `Wrote ${opts.out} (${schema.tables.length} table(s)).`,
        );
        return 0;
      },
    },
  ],
};
