import type { CompositeType, Domain, Schema, Sequence } from '../model/schema.js';
import type { Operation } from './operations.js';

export type UserTypeOperation = Extract<
  Operation,
  {
    kind:
      | 'createDomain'
      | 'dropDomain'
      | 'alterDomain'
      | 'createCompositeType'
      | 'dropCompositeType'
      | 'alterCompositeType'
      | 'createSequence'
      | 'dropSequence'
      | 'alterSequence'
      | 'setSequenceOwner';
  }
>;

/** Domains, composite types and sequences while operations are simulated (see apply-operations.ts). */
export class UserTypeState {
  private readonly domains = new Map<string, Domain>();
  private readonly composites = new Map<string, CompositeType>();
  private readonly sequences = new Map<string, Sequence>();

  constructor(
    base: Schema,
    private readonly fail: (message: string) => never,
  ) {
    for (const d of base.domains ?? []) this.domains.set(d.name, d);
    for (const t of base.compositeTypes ?? []) this.composites.set(t.name, t);
    for (const s of base.sequences ?? []) this.sequences.set(s.name, s);
  }

  apply(op: UserTypeOperation): void {
    switch (op.kind) {
      case 'createDomain':
        this.put(this.domains, op.domain, 'domain', false);
        break;
      case 'dropDomain':
        this.remove(this.domains, op.domain.name, 'domain');
        break;
      case 'alterDomain':
        this.put(this.domains, op.to, 'domain', true);
        break;
      case 'createCompositeType':
        this.put(this.composites, op.type, 'composite type', false);
        break;
      case 'dropCompositeType':
        this.remove(this.composites, op.type.name, 'composite type');
        break;
      case 'alterCompositeType':
        this.put(this.composites, op.to, 'composite type', true);
        break;
      case 'createSequence':
        this.put(this.sequences, op.sequence, 'sequence', false);
        break;
      case 'dropSequence':
        this.remove(this.sequences, op.sequence.name, 'sequence');
        break;
      case 'alterSequence': {
        const owner = this.sequences.get(op.to.name)?.ownedBy;
        this.put(this.sequences, owner ? { ...op.to, ownedBy: owner } : op.to, 'sequence', true);
        break;
      }
      case 'setSequenceOwner': {
        const seq = this.sequences.get(op.sequence);
        if (!seq) this.fail(`sequence ${op.sequence} does not exist`);
        const { ownedBy: _old, ...rest } = seq;
        this.sequences.set(op.sequence, op.to ? { ...rest, ownedBy: { ...op.to } } : rest);
        break;
      }
    }
  }

  /** Writes the lists into `schema`, omitting empty ones as the IR does. */
  into(schema: Schema): void {
    delete schema.domains;
    delete schema.compositeTypes;
    delete schema.sequences;
    if (this.sequences.size) schema.sequences = [...this.sequences.values()];
    if (this.domains.size) schema.domains = [...this.domains.values()];
    if (this.composites.size) schema.compositeTypes = [...this.composites.values()];
  }

  private put<T extends { name: string }>(map: Map<string, T>, value: T, what: string, exists: boolean): void {
    if (map.has(value.name) !== exists) this.fail(`${what} ${value.name} ${exists ? 'does not exist' : 'already exists'}`);
    map.set(value.name, structuredClone(value));
  }

  private remove<T>(map: Map<string, T>, name: string, what: string): void {
    if (!map.delete(name)) this.fail(`${what} ${name} does not exist`);
  }
}
