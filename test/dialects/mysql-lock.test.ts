import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { connectMysql } from '../../src/dialects/mysql/driver.js';
import { withTempMysqlDb } from './mysql-test-db.js';

describe('mysql migration lock', () => {
  it('a second applier waits (onWait called once) until the first releases', async () => {
    await withTempMysqlDb(async ({ url }) => {
      const first = await connectMysql(url);
      const second = await connectMysql(url);
      try {
        let firstWaited = 0;
        const release1 = await mysqlDialect.acquireLock(first, () => firstWaited++);
        expect(firstWaited).toBe(0);

        const events: string[] = [];
        let waited = 0;
        const pending = mysqlDialect
          .acquireLock(second, () => {
            waited++;
            events.push('second waits');
          })
          .then((release) => {
            events.push('second holds');
            return release;
          });
        await new Promise((r) => setTimeout(r, 400));
        expect(events).toEqual(['second waits']);
        events.push('first releases');
        await release1();
        const release2 = await pending;
        expect(events).toEqual(['second waits', 'first releases', 'second holds']);
        expect(waited).toBe(1);
        await release2();
        await release2(); // idempotent

        // free again: no waiting
        let again = 0;
        const release3 = await mysqlDialect.acquireLock(first, () => again++);
        expect(again).toBe(0);
        await release3();
      } finally {
        await first.close();
        await second.close();
      }
    });
  });

  it('locks are per database: appliers of two databases do not wait for each other', async () => {
    await withTempMysqlDb(async ({ url: a }) => {
      await withTempMysqlDb(async ({ url: b }) => {
        const ca = await connectMysql(a);
        const cb = await connectMysql(b);
        try {
          const ra = await mysqlDialect.acquireLock(ca);
          let waited = false;
          const rb = await mysqlDialect.acquireLock(cb, () => (waited = true));
          expect(waited).toBe(false);
          await ra();
          await rb();
        } finally {
          await ca.close();
          await cb.close();
        }
      });
    });
  });
});
