import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { genTargets } from '../../../src/config/gen-config.js';
import type { FlashConfig } from '../../../src/config/config.js';

const dir = path.resolve('/project');

describe('gen targets from flash.toml and flash.config.json', () => {
  it('reads [gen.js], [gen.python] and [gen.go] from TOML as Flash ORM writes them', () => {
    const config = parse(`
[gen.js]
enabled = true
out = "web/db"

[gen.python]
enabled = true
out = "app/queries"

[gen.go]
enabled = true
out = "internal/store"
package = "store"
`) as unknown as FlashConfig;
    expect(genTargets(config, dir)).toEqual([
      { language: 'js', out: 'web/db', outDir: path.join(dir, 'web/db'), packageName: 'db' },
      { language: 'python', out: 'app/queries', outDir: path.join(dir, 'app/queries'), packageName: 'queries' },
      { language: 'go', out: 'internal/store', outDir: path.join(dir, 'internal/store'), packageName: 'store' },
    ]);
  });

  it('skips a disabled language, defaults out to flash_gen and the Go package to the directory name', () => {
    const config = { gen: { js: { enabled: false }, go: {} } } as unknown as FlashConfig;
    expect(genTargets(config, dir)).toEqual([
      { language: 'go', out: 'flash_gen', outDir: path.join(dir, 'flash_gen'), packageName: 'flash_gen' },
    ]);
  });

  it('refuses values it cannot use, by key', () => {
    const refused = (gen: unknown) => () => genTargets({ gen } as unknown as FlashConfig, dir);
    expect(refused({ python: { enabled: 'yes' } })).toThrow(/gen\.python\.enabled must be true or false/);
    expect(refused({ go: { out: '../elsewhere' } })).toThrow(/gen\.go\.out must be a directory inside the project/);
    expect(refused({ go: { package: 'my-pkg' } })).toThrow(/gen\.go\.package must be an identifier/);
  });
});
