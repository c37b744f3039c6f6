import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/core/model/schema.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { traitsOf } from '../helpers/engine-traits.js';

const providers: Provider[] = ['postgresql', 'mysql', 'sqlite', 'mongodb'];
const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('engine traits', () => {
  it('every dialect carries its traits, the ones tests of the core use', async () => {
    for (const provider of providers) expect((await loadDialect(provider)).traits, provider).toBe(traitsOf(provider));
  });

  it('ddlAutocommits is the SQL face of capabilities.transactionalDdl', async () => {
    for (const provider of providers) {
      const { traits, capabilities } = await loadDialect(provider);
      expect(traits.ddlAutocommits, provider).toBe(traits.sql !== undefined && !capabilities.transactionalDdl);
    }
  });

  // Engine differences are asked of the Dialect (capabilities, traits, methods), never by name.
  it('no engine is compared by name outside src/dialects and src/config', () => {
    const byName = /provider\s*[!=]==?\s*['"](postgresql|mysql|sqlite|mongodb)['"]/;
    const hits = ['src', 'ui', 'studio']
      .flatMap(sourceFiles)
      .filter((f) => !f.startsWith(`src${path.sep}dialects${path.sep}`) && !f.startsWith(`src${path.sep}config${path.sep}`))
      .flatMap((f) =>
        readFileSync(path.join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (byName.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(hits).toEqual([]);
  });
});
