import type { DiffTarget } from '../data-source.js';

export type DiffStep =
  | { kind: 'pick-from' }
  | { kind: 'pick-to'; from: DiffTarget }
  | { kind: 'show'; from: DiffTarget; to: DiffTarget; view: 'tree' | 'sql'; scroll: number };

export interface DiffState {
  cursor: number;
  step: DiffStep;
}

export type DiffAction =
  | { type: 'cursor'; index: number }
  | { type: 'pick'; target: DiffTarget }
  | { type: 'toggle-view' }
  | { type: 'scroll'; delta: number }
  | { type: 'back' };

export const initialDiffState: DiffState = { cursor: 0, step: { kind: 'pick-from' } };

/** Pick "from", pick "to", then look at the diff as a tree or as a line diff of the DDL. */
export function diffReducer(state: DiffState, action: DiffAction): DiffState {
  const step = state.step;
  switch (action.type) {
    case 'cursor':
      return { ...state, cursor: action.index };
    case 'pick':
      if (step.kind === 'pick-from') return { ...state, step: { kind: 'pick-to', from: action.target } };
      if (step.kind === 'pick-to') return { ...state, step: { kind: 'show', from: step.from, to: action.target, view: 'tree', scroll: 0 } };
      return state;
    case 'toggle-view':
      return step.kind === 'show' ? { ...state, step: { ...step, view: step.view === 'tree' ? 'sql' : 'tree', scroll: 0 } } : state;
    case 'scroll':
      return step.kind === 'show' ? { ...state, step: { ...step, scroll: Math.max(0, step.scroll + action.delta) } } : state;
    case 'back':
      if (step.kind === 'show') return { ...state, step: { kind: 'pick-to', from: step.from } };
      if (step.kind === 'pick-to') return { ...state, step: { kind: 'pick-from' } };
      return state;
  }
}
