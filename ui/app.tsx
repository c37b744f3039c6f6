import { useCallback, useEffect, useReducer } from 'react';
import { useApp } from 'ink';
import type { FlashDataSource } from './data-source.js';
import { ColorEnabled } from './theme.js';
import { currentScreen, navigationReducer, type ScreenName } from './hooks/navigation.js';
import { DashboardScreen } from './screens/dashboard-screen.js';
import { BranchesScreen } from './screens/branches-screen.js';
import { MigrationsScreen } from './screens/migrations-screen.js';
import { DiffScreen } from './screens/diff-screen.js';
import { ConflictsScreen } from './screens/conflicts-screen.js';
import type { ScreenProps } from './screens/screen-props.js';

export interface FlashAppProps {
  source: FlashDataSource;
  initial: ScreenName;
  color: boolean;
  /** called once when the user leaves the app (tests; the CLI waits for Ink's exit instead) */
  onExit?: () => void;
}

const screens: Record<ScreenName, (props: ScreenProps) => React.JSX.Element> = {
  dashboard: DashboardScreen,
  branches: BranchesScreen,
  migrations: MigrationsScreen,
  diff: DiffScreen,
  conflicts: ConflictsScreen,
};

/** Screen navigation: Esc goes back to where the user came from; leaving the first screen quits. */
export function FlashApp({ source, initial, color, onExit }: FlashAppProps) {
  const app = useApp();
  const exit = useCallback(() => {
    onExit?.();
    app.exit();
  }, [app, onExit]);
  const [nav, dispatch] = useReducer(navigationReducer, { stack: [initial] });
  const screen = currentScreen(nav);
  useEffect(() => {
    if (!screen) exit();
  }, [screen, exit]);
  if (!screen) return null;
  const Screen = screens[screen];
  return (
    <ColorEnabled.Provider value={color}>
      <Screen
        key={screen}
        source={source}
        open={(s) => dispatch({ type: 'open', screen: s })}
        back={() => dispatch({ type: 'back' })}
        quit={exit}
      />
    </ColorEnabled.Provider>
  );
}
