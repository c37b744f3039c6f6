import type { Provider } from '../model/schema.js';
import type { ResolvedQuery } from './model.js';
import type { GeneratedFile } from './generated-file.js';

export function generatePython(_queries: ResolvedQuery[], _provider: Provider): GeneratedFile[] {
  throw new Error('python: not yet');
}
