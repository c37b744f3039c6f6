import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runFlash, tempDir } from '../helpers/cli.js';

// npm must never reach the registry in these tests: a local tarball and directories only
const offline = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const dirs: string[] = [];
let tarball: string;

beforeAll(() => {
  const packDir = tempDir('flash-plug-pack-');
  dirs.push(packDir);
  const name = execFileSync('npm', ['pack', '--pack-destination', packDir], {
    cwd: path.join(REPO_ROOT, 'plugins', 'flash-plugin-json-schema'),
    env: { ...process.env, ...offline },
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  tarball = path.join(packDir, name);
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function project(): Promise<string> {
  const dir = tempDir('flash-plug-');
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  expect((await runFlash(['init', '--sqlite'], { cwd: dir })).code).toBe(0);
  writeFileSync(
    path.join(dir, 'db', 'schema', 'users.sql'),
    'CREATE TABLE users (id integer PRIMARY KEY, email varchar(80) NOT NULL, kind text, score numeric(6,2), born date);\n',
  );
  const m = await runFlash(['migrate', 'users'], { cwd: dir });
  expect(m.code, m.stderr).toBe(0);
  return dir;
}

const flash = (dir: string, args: string[]) => runFlash(args, { cwd: dir, env: offline });
const configOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'flash.config.json'), 'utf8'));

describe('plugins', () => {
  it('add-plug a packed tarball → its command works → rm-plug removes it (offline)', async () => {
    const dir = await project();
    const added = await flash(dir, ['add-plug', tarball]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Installed and registered flash-plugin-json-schema@1.0.0; commands: flash json-schema.');
    expect(configOf(dir).plugins).toEqual(['flash-plugin-json-schema']);
    expect(configOf(dir).database.provider).toBe('sqlite'); // the rest of the config is kept

    const listed = JSON.parse((await flash(dir, ['plugins', '--json'])).stdout);
    expect(listed.plugins).toEqual([
      { package: 'flash-plugin-json-schema', version: '1.0.0', commands: [expect.objectContaining({ name: 'json-schema' })] },
    ]);

    const out = await flash(dir, ['json-schema']);
    expect(out.code, out.stderr).toBe(0);
    const schema = JSON.parse(out.stdout);
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate({ users: [{ id: 1, email: 'a@example.com', kind: null, score: '12.50', born: '2001-02-03' }] })).toBe(true);
    expect(validate({ users: [{ id: 1, kind: 'x' }] })).toBe(false); // email is NOT NULL
    expect(validate({ users: [{ id: 1, email: 'x'.repeat(81) }] })).toBe(false); // varchar(80)

    const file = await flash(dir, ['json-schema', '--table', 'users', '--out', 'users.schema.json']);
    expect(file.code, file.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'users.schema.json'), 'utf8')).$defs.users.required).toEqual(['id', 'email']);

    expect((await flash(dir, ['rm-plug', 'json-schema'])).stderr).toContain('error[E_NEEDS_YES]');
    const removed = await flash(dir, ['rm-plug', 'json-schema', '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(configOf(dir).plugins).toEqual([]);
    expect(existsSync(path.join(dir, 'node_modules', 'flash-plugin-json-schema'))).toBe(false);
    const gone = await flash(dir, ['json-schema']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("unknown command 'json-schema'");
  });

  it('a package that is not a Flash plugin is refused by name and uninstalled again', async () => {
    const dir = await project();
    const pkg = path.join(dir, 'vendor', 'flash-plugin-empty');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: 'flash-plugin-empty', version: '0.0.1', type: 'module', main: 'index.js' }),
    );
    writeFileSync(path.join(pkg, 'index.js'), 'export const nothing = 1;\n');
    const r = await flash(dir, ['add-plug', './vendor/flash-plugin-empty']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_PLUGIN_LOAD]: Plugin flash-plugin-empty has no default export.');
    expect(configOf(dir).plugins).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {}).toEqual({});
  });

  it('plugins load lazily: a broken registered plugin does not affect --version or built-in commands, and is reported where it is loaded', async () => {
    const dir = await project();
    const pkg = path.join(dir, 'node_modules', 'flash-plugin-broken');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: 'flash-plugin-broken', version: '0.0.1', type: 'module', main: 'index.js' }),
    );
    writeFileSync(path.join(pkg, 'index.js'), "throw new Error('boom at import');\n");
    writeFileSync(path.join(dir, 'flash.config.json'), JSON.stringify({ ...configOf(dir), plugins: ['flash-plugin-broken'] }));
    expect((await flash(dir, ['--version'])).code).toBe(0);
    const config = await flash(dir, ['config']);
    expect(config.code, config.stderr).toBe(0);
    const listed = await flash(dir, ['plugins']);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('flash-plugin-broken  error[E_PLUGIN_LOAD]: Plugin flash-plugin-broken failed to load: boom at import');
    const unknown = await flash(dir, ['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error[E_PLUGIN_LOAD]');
  });

  it('refuses a name that is not a plugin package name', async () => {
    const dir = await project();
    const r = await flash(dir, ['add-plug', 'Not A Name']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_PLUGIN_NAME]');
  });
});
