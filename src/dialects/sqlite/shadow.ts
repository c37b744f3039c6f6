import type { ShadowDatabase } from '../dialect.js';
import { openSqlite } from './driver.js';

/** SQLite's shadow is an in-memory database: nothing to create on disk, nothing left behind. */
export async function createSqliteShadow(): Promise<ShadowDatabase> {
  const connection = openSqlite(':memory:');
  return {
    connection,
    dispose: async () => {
      await connection.close();
    },
  };
}
