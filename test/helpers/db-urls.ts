import { randomBytes } from 'node:crypto';

export const PG_URL = process.env.FLASH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.FLASH_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A unique database name for one test, so parallel tests never collide. */
export function uniqueDbName(prefix = 'flash_t'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Same server and credentials as `url`, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}
