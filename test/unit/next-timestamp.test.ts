import { describe, expect, it } from 'vitest';
import { nextTimestamp } from '../../src/api/project/append-migration.js';
import type { LockEntry } from '../../src/core/plan/lock-file.js';

const chainEndingAt = (name: string): LockEntry[] => [{ name, checksum: 'c', from: 'a', to: 'b' }];

describe('nextTimestamp: the one naming rule of migrate, pull and resolve', () => {
  it('is the current UTC second when the chain is older or empty', () => {
    const now = new Date(Date.UTC(2026, 11, 2, 10, 5, 7));
    expect(nextTimestamp([], now)).toBe('20261202100507');
    expect(nextTimestamp(chainEndingAt('20261202100506_x'), now)).toBe('20261202100507');
  });

  it('is one second past the last migration when the clock has not moved on, carrying into the minute (never :60)', () => {
    const now = new Date(Date.UTC(2026, 11, 2, 10, 5, 7));
    expect(nextTimestamp(chainEndingAt('20261202100507_x'), now)).toBe('20261202100508');
    expect(nextTimestamp(chainEndingAt('20261202235959_merge_feature'), now)).toBe('20261203000000');
    expect(nextTimestamp(chainEndingAt('20261231235959_x'), now)).toBe('20270101000000');
  });
});
