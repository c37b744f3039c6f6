import type { EngineTraits } from '../../core/engine-traits.js';

/** PostgreSQL's answers to the core's engine questions (src/core/engine-traits.ts says why each matters). */
export const postgresTraits: EngineTraits = {
  sql: {
    identifierQuote: '"',
    backslashEscapes: false,
    charLength: 'LENGTH',
    byteLength: 'OCTET_LENGTH',
    textCast: '::text',
    schemaQualifiedNames: true,
  },
  ddlAutocommits: false,
  exclusiveTableRewrites: true,
  implicitColumnDefaults: false,
  enforcesDeclaredTypes: true,
  boundedTextTypes: false,
  generatedColumnsBlockRetype: true,
  foreignKeysNeedIndexes: false,
  names: { schemaWideIndexNames: true, keyConstraintsOwnIndexes: true, tableScopedConstraintNames: true },
};
