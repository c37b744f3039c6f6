import type { EngineTraits } from '../../core/engine-traits.js';

/**
 * MongoDB's answers to the core's engine questions (src/core/engine-traits.ts says why each matters):
 * no SQL, no columns, no table constraints — collections, validators and indexes only.
 */
export const mongoTraits: EngineTraits = {
  ddlAutocommits: false,
  exclusiveTableRewrites: false,
  implicitColumnDefaults: false,
  enforcesDeclaredTypes: false,
  boundedTextTypes: false,
  generatedColumnsBlockRetype: false,
  foreignKeysNeedIndexes: false,
  names: { schemaWideIndexNames: false, keyConstraintsOwnIndexes: false, tableScopedConstraintNames: false },
};
