import type { ResolutionChoice } from '../data-source.js';

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
