import type { CompositeType, Domain, Schema } from '../model/schema.js';
import type { Operation } from './operations.js';

export type UserTypeOperation = Extract<
  Operation,
  { kind: 'createDomain' | 'dropDomain' | 'alterDomain' | 'createCompositeType' | 'dropCompositeType' | 'alterCompositeType' }
>;

/** Domains and composite types while operations are simulated (see apply-operations.ts). */
export class UserTypeState {
  private readonly domains = new Map<string, Domain>();
  private readonly composites = new Map<string, CompositeType>();

  constructor(
    base: Schema,
    private readonly fail: (message: string) => never,
  ) {
    for (const d of base.domains ?? []) this.domains.set(d.name, d);
    for (const t of base.compositeTypes ?? []) this.composites.set(t.name, t);
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
    }
  }

  /** Writes the lists into `schema`, omitting empty ones as the IR does. */
  into(schema: Schema): void {
    delete schema.domains;
    delete schema.compositeTypes;
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
