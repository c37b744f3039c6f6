import { FlashError } from '../../errors.js';
import type { ResolvedQuery } from './model.js';
import type { GeneratedFile } from './generated-file.js';

/** Go clients are not generated yet: refused by name rather than skipped. */
export function generateGo(_queries: ResolvedQuery[], _pkg: string): GeneratedFile[] {
  throw new FlashError(
    'E_UNSUPPORTED',
    'flash gen cannot generate Go clients yet (gen.go is enabled).',
    'Set "enabled": false under gen.go, or generate the TypeScript client only.',
  );
}
