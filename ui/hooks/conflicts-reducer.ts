import type { ConflictItem, ResolutionChoice } from '../data-source.js';

export interface ConflictOutcome {
  choice?: ResolutionChoice;
  /** the data source refused (message shown; the conflict stays open) */
  error?: string;
  notes?: string[];
}

export interface ConflictsState {
  index: number;
  /** path → what happened to it */
  outcomes: Record<string, ConflictOutcome>;
  phase: 'walk' | 'writing' | 'summary';
}

export type ConflictsAction =
  | { type: 'loaded'; items: readonly ConflictItem[] }
  | { type: 'goto'; index: number; count: number }
  | { type: 'writing' }
  | { type: 'resolved'; path: string; choice: ResolutionChoice; notes: string[]; count: number }
  | { type: 'failed'; path: string; error: string }
  | { type: 'summary' }
  | { type: 'reopen' };

export const initialConflictsState: ConflictsState = { index: 0, outcomes: {}, phase: 'walk' };

/** Walk the conflicts in order; a written resolution moves on, and after the last one the summary shows. */
export function conflictsReducer(state: ConflictsState, action: ConflictsAction): ConflictsState {
  switch (action.type) {
    case 'loaded': {
      // Choices made earlier (another session, `flash resolve`) count; start at the first open conflict.
      const outcomes: Record<string, ConflictOutcome> = {};
      for (const c of action.items) if (c.resolved) outcomes[c.path] = { choice: c.resolved };
      const open = action.items.findIndex((c) => c.resolutions.length > 0 && !c.resolved);
      return { index: Math.max(0, open), outcomes, phase: 'walk' };
    }
    case 'goto':
      if (action.index >= action.count) return { ...state, phase: 'summary' };
      return { ...state, index: Math.max(0, action.index), phase: 'walk' };
    case 'writing':
      return { ...state, phase: 'writing' };
    case 'resolved': {
      const outcomes = { ...state.outcomes, [action.path]: { choice: action.choice, notes: action.notes } };
      const next = state.index + 1;
      return next >= action.count ? { ...state, outcomes, phase: 'summary' } : { ...state, outcomes, index: next, phase: 'walk' };
    }
    case 'failed':
      return { ...state, outcomes: { ...state.outcomes, [action.path]: { error: action.error } }, phase: 'walk' };
    case 'summary':
      return { ...state, phase: 'summary' };
    case 'reopen':
      return { ...state, index: 0, phase: 'walk' };
  }
}
