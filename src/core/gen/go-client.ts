import type { Provider } from '../model/schema.js';
import type { ResolvedQuery } from './model.js';
import type { GeneratedFile } from './generated-file.js';

export function generateGo(_queries: ResolvedQuery[], _pkg: string, _provider: Provider): GeneratedFile[] {
  throw new Error('go: not yet');
}
