import type { FlashConfig } from './config.js';

/**
 * A database marked `"production": true` under `database` in flash.config.json (`production = true`
 * under `[database]` in flash.toml): commands that write rows to it (seed, raw writes, restore)
 * require --yes.
 */
export function isProductionDatabase(config: FlashConfig): boolean {
  return config.database.production === true;
}
