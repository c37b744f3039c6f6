import type { EngineTraits } from '../../core/engine-traits.js';

/** SQLite's answers to the core's engine questions (src/core/engine-traits.ts says why each matters). */
export const sqliteTraits: EngineTraits = {
  sql: {
    identifierQuote: '"',
    backslashEscapes: false,
    charLength: 'LENGTH',
    byteLength: 'OCTET_LENGTH',
    textCast: '',
    schemaQualifiedNames: false,
  },
  ddlAutocommits: false,
  exclusiveTableRewrites: false,
  implicitColumnDefaults: false,
  enforcesDeclaredTypes: false,
  boundedTextTypes: false,
  generatedColumnsBlockRetype: false,
  foreignKeysNeedIndexes: false,
  names: { schemaWideIndexNames: true, keyConstraintsOwnIndexes: false, tableScopedConstraintNames: false },
};
