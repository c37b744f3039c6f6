import { FlashError } from '../../errors.js';

/** The parts of a `mysql://user:pass@host:port/db` URL the driver and the admin functions need. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** Empty when the URL names no database (server-level connection). */
  database: string;
  socketPath?: string;
  ssl: boolean;
}

const PROTOCOLS = new Set(['mysql:', 'mariadb:', 'mysqlx:']);

export function parseMysqlUrl(url: string): MysqlTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FlashError(
      'E_BAD_URL',
      'The MySQL database URL is not a valid URL.',
      'Use the form mysql://user:password@host:3306/database.',
    );
  }
  if (!PROTOCOLS.has(u.protocol)) {
    throw new FlashError(
      'E_BAD_URL',
      `The database URL uses "${u.protocol}" but the provider is mysql.`,
      'Use the form mysql://user:password@host:3306/database.',
    );
  }
  const socket = u.searchParams.get('socket') ?? u.searchParams.get('socketPath') ?? undefined;
  const sslParam = u.searchParams.get('ssl') ?? u.searchParams.get('sslmode') ?? '';
  return {
    host: u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    socketPath: socket,
    ssl: sslParam === 'true' || sslParam === '1' || sslParam === 'required' || sslParam === 'require',
  };
}

/** `mysql://user@host:port/db` — what error messages and `Connection.description` show; never the password. */
export function describeTarget(t: MysqlTarget): string {
  const where = t.socketPath ? t.socketPath : `${t.host}:${t.port}`;
  return `mysql://${t.user}@${where}/${t.database}`;
}

/** URL of database `name` on the same server with the same credentials. */
export function siblingUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(name);
  return u.toString();
}
