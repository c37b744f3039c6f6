import type { EngineTraits } from '../../core/engine-traits.js';

/** MySQL/MariaDB's answers to the core's engine questions (src/core/engine-traits.ts says why each matters). */
export const mysqlTraits: EngineTraits = {
  sql: {
    identifierQuote: '`',
    backslashEscapes: true,
    charLength: 'CHAR_LENGTH',
    byteLength: 'CHAR_LENGTH',
    textCast: '',
    schemaQualifiedNames: false,
  },
  ddlAutocommits: true,
  exclusiveTableRewrites: false,
  implicitColumnDefaults: true,
  enforcesDeclaredTypes: true,
  boundedTextTypes: true,
  generatedColumnsBlockRetype: false,
  foreignKeysNeedIndexes: true,
  names: { schemaWideIndexNames: false, keyConstraintsOwnIndexes: true, tableScopedConstraintNames: true },
};
