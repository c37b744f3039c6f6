/**
 * The extension point of Flash (docs/PLUGINS.md). A plugin is an npm package named
 * `flash-plugin-<name>` (or `@scope/flash-plugin-<name>`) whose default export is a FlashPlugin.
 * This file is the whole contract: types only, so a plugin needs no runtime dependency on Flash.
 */
import type { Schema } from '../core/model/schema.js';
import type { Dialect } from '../dialects/dialect.js';

/** Bumped only on an incompatible change; Flash refuses a plugin built for another version. */
export const PLUGIN_API_VERSION = 1;

export interface FlashPlugin {
  /** must be PLUGIN_API_VERSION */
  apiVersion: 1;
  /** the package's short name, e.g. `json-schema` for `flash-plugin-json-schema` */
  name: string;
  /** new top-level commands; a name Flash already has is refused */
  commands?: PluginCommand[];
  /**
   * An extra engine: `provider` is the config's `database.provider` it serves. Flash's own providers
   * cannot be replaced.
   */
  dialect?: { provider: string; dialect: Dialect };
}

export interface PluginCommand {
  /** `flash <name> …` */
  name: string;
  /** one line for `flash plugins` */
  description: string;
  /** args: everything after the command name, unparsed. Return an exit code (default 0). */
  run(args: string[], ctx: PluginContext): Promise<number | undefined> | number | undefined;
}

/** What Flash hands a plugin command: the project, output, and read access to schemas. */
export interface PluginContext {
  /** project directory (`--cwd`) */
  cwd: string;
  /** `--json` was given */
  json: boolean;
  /** `--yes` was given */
  yes: boolean;
  /** stdout / stderr, one line each */
  out: (line?: string) => void;
  err: (line?: string) => void;
  /** the project's flash.config.json (or flash.toml), as loaded */
  config: Readonly<Record<string, unknown>>;
  /**
   * A schema by ref, as `flash diff` understands refs: `expected` (end of the migration chain, from
   * the store, no database), `live` (introspected), `schema` (db/schema on a shadow), a migration name
   * or a snapshot id.
   */
  schema(ref?: string): Promise<Schema>;
  /** The current branch's database URL (with password: do not print it). */
  databaseUrl(): Promise<string>;
}

export type { Schema, Dialect };
