import type { ProgressEvent } from '../data-source.js';
import type { Status } from '../components/status-line.js';

export type BranchesMode =
  | { kind: 'list' }
  | { kind: 'create'; name: string }
  | { kind: 'confirm-delete'; name: string }
  | { kind: 'busy'; progress: ProgressEvent }
  /** an action in progress asks before going on (data loss) */
  | { kind: 'question'; question: string };

export interface BranchesState {
  cursor: number;
  mode: BranchesMode;
  status: Status;
}

export type BranchesAction =
  | { type: 'cursor'; index: number }
  | { type: 'start-create' }
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'ask-delete'; name: string }
  | { type: 'cancel' }
  | { type: 'busy'; progress: ProgressEvent }
  | { type: 'ask'; question: string }
  | { type: 'finished'; status: Status };

export const initialBranchesState: BranchesState = { cursor: 0, mode: { kind: 'list' }, status: undefined };

export function branchesReducer(state: BranchesState, action: BranchesAction): BranchesState {
  switch (action.type) {
    case 'cursor':
      return { ...state, cursor: action.index };
    case 'start-create':
      return { ...state, mode: { kind: 'create', name: '' }, status: undefined };
    case 'type':
      return state.mode.kind === 'create' ? { ...state, mode: { kind: 'create', name: state.mode.name + action.text } } : state;
    case 'backspace':
      return state.mode.kind === 'create' ? { ...state, mode: { kind: 'create', name: state.mode.name.slice(0, -1) } } : state;
    case 'ask-delete':
      return { ...state, mode: { kind: 'confirm-delete', name: action.name }, status: undefined };
    case 'cancel':
      return { ...state, mode: { kind: 'list' }, status: { tone: 'muted', text: 'cancelled' } };
    case 'busy':
      return { ...state, mode: { kind: 'busy', progress: action.progress } };
    case 'ask':
      return { ...state, mode: { kind: 'question', question: action.question } };
    case 'finished':
      return { ...state, mode: { kind: 'list' }, status: action.status };
  }
}
