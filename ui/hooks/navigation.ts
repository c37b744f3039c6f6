export type ScreenName = 'dashboard' | 'branches' | 'migrations' | 'diff' | 'conflicts';

export interface NavigationState {
  /** screens visited; the last one is shown. Esc pops, and popping the first quits. */
  stack: ScreenName[];
}

export type NavigationAction = { type: 'open'; screen: ScreenName } | { type: 'back' };

export function navigationReducer(state: NavigationState, action: NavigationAction): NavigationState {
  switch (action.type) {
    case 'open':
      return state.stack.at(-1) === action.screen ? state : { stack: [...state.stack, action.screen] };
    case 'back':
      return { stack: state.stack.slice(0, -1) };
  }
}

export function currentScreen(state: NavigationState): ScreenName | undefined {
  return state.stack.at(-1);
}
