import type { ProgressEvent } from '../data-source.js';
import type { Status } from '../components/status-line.js';

export type MigrationsMode =
  | { kind: 'list' }
  | { kind: 'detail'; section: 'up' | 'down'; scroll: number }
  | { kind: 'confirm-down' }
  /** a question asked while an action runs (a Down that loses data); answered with y/n */
  | { kind: 'question'; question: string }
  | { kind: 'busy'; progress: ProgressEvent };

export interface MigrationsState {
  cursor: number;
  mode: MigrationsMode;
  status: Status;
}

export type MigrationsAction =
  | { type: 'cursor'; index: number }
  | { type: 'open-detail' }
  | { type: 'toggle-section' }
  | { type: 'scroll'; delta: number }
  | { type: 'close' }
  | { type: 'ask-down' }
  | { type: 'ask'; question: string }
  | { type: 'busy'; progress: ProgressEvent }
  | { type: 'finished'; status: Status };

export const initialMigrationsState: MigrationsState = { cursor: 0, mode: { kind: 'list' }, status: undefined };

export function migrationsReducer(state: MigrationsState, action: MigrationsAction): MigrationsState {
  switch (action.type) {
    case 'cursor':
      return { ...state, cursor: action.index };
    case 'open-detail':
      return { ...state, mode: { kind: 'detail', section: 'up', scroll: 0 }, status: undefined };
    case 'toggle-section':
      return state.mode.kind === 'detail'
        ? { ...state, mode: { kind: 'detail', section: state.mode.section === 'up' ? 'down' : 'up', scroll: 0 } }
        : state;
    case 'scroll':
      return state.mode.kind === 'detail'
        ? { ...state, mode: { ...state.mode, scroll: Math.max(0, state.mode.scroll + action.delta) } }
        : state;
    case 'close':
      return {
        ...state,
        mode: { kind: 'list' },
        status: state.mode.kind === 'confirm-down' ? { tone: 'muted', text: 'cancelled' } : state.status,
      };
    case 'ask-down':
      return { ...state, mode: { kind: 'confirm-down' }, status: undefined };
    case 'ask':
      return { ...state, mode: { kind: 'question', question: action.question } };
    case 'busy':
      return { ...state, mode: { kind: 'busy', progress: action.progress } };
    case 'finished':
      return { ...state, mode: { kind: 'list' }, status: action.status };
  }
}
