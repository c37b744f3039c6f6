import { describe, expect, it } from 'vitest';
import { branchSyncState, chainPosition } from '../../../src/core/branch/branch-sync-state.js';
import { rankCopySources } from '../../../src/core/branch/nearest-database.js';

const h = (c: string) => c.repeat(64);
const E = h('0');
const chain = [
  { name: '1_a', checksum: h('c'), from: E, to: h('1') },
  { name: '2_b', checksum: h('c'), from: h('1'), to: h('2') },
];

describe('branch sync state', () => {
  it('classifies recorded hashes against the chain', () => {
    expect(branchSyncState(undefined, h('2'), chain, E)).toBe('no db yet');
    expect(branchSyncState(h('2'), h('2'), chain, E)).toBe('in sync');
    expect(branchSyncState(h('1'), h('2'), chain, E)).toBe('needs migrations');
    expect(branchSyncState(E, h('2'), chain, E)).toBe('needs migrations');
    expect(branchSyncState(h('9'), h('2'), chain, E)).toBe('drift');
    expect(chainPosition(chain, h('1'), E)).toBe(1);
    expect(chainPosition(chain, h('9'), E)).toBe(-1);
  });

  it('prefers the copy source furthest along the chain, then the branch we came from', () => {
    const ranked = rankCopySources(
      [
        { branch: 'main', recorded: h('1') },
        { branch: 'other', recorded: h('9') },
        { branch: 'prev', recorded: h('9') },
        { branch: 'ahead', recorded: h('2') },
      ],
      chain,
      E,
      ['prev', 'main'],
    );
    expect(ranked.map((c) => c.branch)).toEqual(['ahead', 'main', 'prev', 'other']);
  });
});

describe('lockTailHash', () => {
  it('reads the last `to` of a lock without hashing, and agrees with parseLock', async () => {
    const { serializeLock, parseLock, expectedHash } = await import('../../../src/core/plan/lock-file.js');
    const { lockTailHash } = await import('../../../src/core/branch/lock-tail.js');
    const text = serializeLock(chain);
    expect(lockTailHash(text)).toBe(expectedHash(parseLock(text)));
    expect(lockTailHash(text + '\n\n')).toBe(h('2'));
    expect(lockTailHash(serializeLock([]))).toBeUndefined();
    expect(lockTailHash('')).toBeUndefined();
  });
});
