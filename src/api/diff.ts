import { FlashError } from '../errors.js';
import { isRefName } from '../store/store.js';
import { emptySchema, type Schema } from '../core/model/schema.js';
import type { UnmodelledObject } from '../core/model/unmodelled.js';
import { isHash, snapshotOf } from '../core/snapshot/hash.js';
import { loadChain, type Chain } from './project/chain.js';
import { desiredSchema } from './project/desired-schema.js';
import { planChange } from './project/plan-change.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { describeOperation, type ChangeLine } from '../core/diff/describe-operation.js';

/**
 * Names `flash diff` understands, besides snapshot ids (full or a unique prefix of ≥ 4 hex digits)
 * and `.flash/refs/<name>`: `expected` (end of the chain), `schema` (db/schema on a shadow), `live`
 * (the database), `empty`, and a migration name (its `to` snapshot).
 */
export const SPECIAL_REFS = ['expected', 'schema', 'live', 'empty'] as const;

export interface DiffSide {
  ref: string;
  snapshot: string;
}

export interface DiffResult {
  from: DiffSide;
  to: DiffSide;
  changes: ChangeLine[];
  up: string[];
  /** objects a `live` side holds outside Flash's model: not compared */
  unmodelled: UnmodelledObject[];
}

export async function diffRefs(pc: ProjectContext, refs: string[]): Promise<DiffResult> {
  if (refs.length > 2)
    throw new FlashError(
      'E_USAGE',
      `flash diff takes at most two refs, got ${refs.length}.`,
      'Usage: flash diff [from] [to] (default: expected schema → db/schema).',
    );
  const chain = await loadChain(pc);
  const [fromRef, toRef] = refs.length === 0 ? ['expected', 'schema'] : refs.length === 1 ? [refs[0], 'schema'] : [refs[0], refs[1]];
  const from = await resolveRef(pc, chain, fromRef);
  const to = await resolveRef(pc, chain, toRef);
  const change = planChange(pc, from.schema, to.schema);
  return {
    from: { ref: fromRef, snapshot: from.id },
    to: { ref: toRef, snapshot: to.id },
    changes: change.ops.map(describeOperation),
    up: change.up.map((s) => s.sql),
    unmodelled: [...(from.unmodelled ?? []), ...(to.unmodelled ?? [])],
  };
}

export async function resolveRef(
  pc: ProjectContext,
  chain: Chain,
  ref: string,
): Promise<{ id: string; schema: Schema; unmodelled?: UnmodelledObject[] }> {
  const snap = (schema: Schema) => snapshotOf(schema);
  switch (ref) {
    case 'empty':
      return snap(emptySchema(pc.provider));
    case 'expected':
    case 'HEAD':
      return fromStore(pc, chain, chain.expected);
    case 'schema':
      return snap(await desiredSchema(pc));
    case 'live': {
      const { conn } = await connectLive(pc);
      try {
        return { ...snap(await pc.dialect.introspect(conn)), unmodelled: await pc.dialect.unmodelled(conn) };
      } finally {
        await closeQuietly(conn);
      }
    }
  }
  const migration = chain.migrations.find((m) => m.name === ref || m.name.replace(/^\d+_/, '') === ref);
  if (migration) return fromStore(pc, chain, migration.lock.to);
  const named = isRefName(ref) ? await pc.store.getRef(ref) : undefined;
  if (named) return fromStore(pc, chain, named);
  if (/^[0-9a-f]{4,64}$/.test(ref)) {
    if (isHash(ref)) return fromStore(pc, chain, ref);
    const candidates = new Set((await pc.store.listObjects()).filter((id) => id.startsWith(ref)));
    if (chain.emptyHash.startsWith(ref)) candidates.add(chain.emptyHash);
    if (candidates.size === 1) return fromStore(pc, chain, [...candidates][0]);
    if (candidates.size > 1)
      throw new FlashError('E_USAGE', `Snapshot prefix ${ref} is ambiguous (${candidates.size} snapshots).`, 'Give more hex digits.');
  }
  throw new FlashError(
    'E_USAGE',
    `Unknown ref "${ref}".`,
    `Use a snapshot id (or prefix), a name under .flash/refs, a migration name, or one of: ${SPECIAL_REFS.join(', ')}.`,
  );
}

async function fromStore(pc: ProjectContext, chain: Chain, id: string): Promise<{ id: string; schema: Schema }> {
  if (id === chain.emptyHash) return { id, schema: emptySchema(pc.provider) };
  return { id, schema: await pc.store.get(id) };
}
