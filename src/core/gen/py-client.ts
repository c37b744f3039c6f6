import { FlashError } from '../../errors.js';
import type { ResolvedQuery } from './model.js';
import type { GeneratedFile } from './generated-file.js';

/** Python clients are not generated yet: refused by name rather than skipped. */
export function generatePython(_queries: ResolvedQuery[]): GeneratedFile[] {
  throw new FlashError(
    'E_UNSUPPORTED',
    'flash gen cannot generate Python clients yet (gen.python is enabled).',
    'Set "enabled": false under gen.python, or generate the TypeScript client only.',
  );
}
