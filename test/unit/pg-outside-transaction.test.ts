import { describe, expect, it } from 'vitest';
import { statementsBeforeTransaction } from '../../src/dialects/postgres/outside-transaction.js';

describe('PostgreSQL: statements run before the migration transaction', () => {
  it('hoists ALTER TYPE … ADD VALUE, in file order, and nothing else', () => {
    expect(
      statementsBeforeTransaction([
        'ALTER TABLE t ADD COLUMN x integer',
        "ALTER TYPE status ADD VALUE IF NOT EXISTS 'c'",
        "ALTER TABLE t ALTER COLUMN s SET DEFAULT 'c'",
        `alter type "Mood" add value 'meh' after 'ok'`,
        "ALTER TYPE public.kind ADD VALUE 'z'",
        "ALTER TYPE status RENAME VALUE 'a' TO 'b'",
        "INSERT INTO notes VALUES ('ALTER TYPE status ADD VALUE')",
      ]),
    ).toEqual([1, 3, 4]);
  });

  it('keeps ADD VALUE in place when the same statements create or rename that type first', () => {
    expect(statementsBeforeTransaction(["CREATE TYPE status AS ENUM ('a')", "ALTER TYPE status ADD VALUE 'b'"])).toEqual([]);
    expect(statementsBeforeTransaction(['ALTER TYPE old_status RENAME TO status', "ALTER TYPE status ADD VALUE 'b'"])).toEqual([]);
    expect(statementsBeforeTransaction([`CREATE TYPE "Mood" AS ENUM ('ok')`, `ALTER TYPE "Mood" ADD VALUE 'meh'`])).toEqual([]);
    // another type's creation does not hold it back; quoted names are case-sensitive
    expect(statementsBeforeTransaction(["CREATE TYPE other AS ENUM ('a')", "ALTER TYPE status ADD VALUE 'b'"])).toEqual([1]);
    expect(statementsBeforeTransaction([`CREATE TYPE "Status" AS ENUM ('a')`, "ALTER TYPE status ADD VALUE 'b'"])).toEqual([1]);
  });
});
