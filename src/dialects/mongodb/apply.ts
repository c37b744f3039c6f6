import { FlashError } from '../../errors.js';
import type { MongoConnection } from './driver.js';
import { parseMongoCommand } from './render.js';

/**
 * Run rendered commands in order. MongoDB DDL is not transactional, so on failure the caller gets
 * exactly which commands ran (like MySQL) to record and report.
 */
export async function runMongoCommands(conn: MongoConnection, statements: string[]): Promise<number> {
  let done = 0;
  for (const text of statements) {
    try {
      await conn.command(parseMongoCommand(text));
    } catch (err) {
      throw new FlashError(
        'E_MIGRATION_PARTIAL',
        `MongoDB command ${done + 1} of ${statements.length} failed: ${(err as Error).message}`,
        done ? `Commands 1–${done} ran and were kept (MongoDB has no transactional DDL).` : 'Nothing was changed.',
        { data: { applied: done, failed: text } },
      );
    }
    done++;
  }
  return done;
}
