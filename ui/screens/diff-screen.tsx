import { Box, Text, useInput } from 'ink';
import type { DiffTarget } from '../data-source.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { SelectList } from '../components/select-list.js';
import { errorText } from '../components/status-line.js';
import type { KeyBinding } from '../components/key-help.js';
import { SchemaDiffPane } from './schema-diff-pane.js';
import { diffReducer, initialDiffState, type DiffStep } from '../hooks/diff-reducer.js';
import { applyDelta, cursorDelta } from '../hooks/cursor.js';
import { useLoad } from '../hooks/use-load.js';
import { useLatest, useSyncReducer } from '../hooks/use-sync-reducer.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useColors } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

function keysFor(step: DiffStep): KeyBinding[] {
  if (step.kind === 'show')
    return [
      ['Tab', step.view === 'tree' ? 'SQL line diff' : 'tree'],
      ['↑/↓', 'scroll'],
      ['Esc', 'pick again'],
      ['q', 'quit'],
    ];
  return [
    ['↑/↓', 'move'],
    ['Enter', step.kind === 'pick-from' ? 'compare from' : 'compare to'],
    ['Esc', 'back'],
    ['q', 'quit'],
  ];
}

/** Schema diff between any two targets (branches, working schema, live database). */
export function DiffScreen({ source, back, quit }: ScreenProps) {
  const [targets] = useLoad(() => source.diffTargets());
  const [state, dispatch, latest] = useSyncReducer(diffReducer, initialDiffState);
  const { columns, rows } = useTerminalSize();
  const color = useColors();
  const list: DiffTarget[] = targets.data ?? [];
  const step = state.step;
  const listRef = useLatest(list);

  useInput((input, key) => {
    const { step, cursor } = latest.current;
    const list = listRef.current;
    if (input === 'q') {
      quit();
      return;
    }
    if (step.kind === 'show') {
      if (key.tab) dispatch({ type: 'toggle-view' });
      else if (key.upArrow || input === 'k') dispatch({ type: 'scroll', delta: -1 });
      else if (key.downArrow || input === 'j') dispatch({ type: 'scroll', delta: 1 });
      else if (key.pageDown || input === ' ') dispatch({ type: 'scroll', delta: 10 });
      else if (key.pageUp) dispatch({ type: 'scroll', delta: -10 });
      else if (key.escape) dispatch({ type: 'back' });
      return;
    }
    const delta = cursorDelta(input, key);
    if (delta !== undefined) dispatch({ type: 'cursor', index: applyDelta(cursor, delta, list.length) });
    else if (key.return && list[cursor]) dispatch({ type: 'pick', target: list[cursor] });
    else if (key.escape) {
      if (step.kind === 'pick-from') back();
      else dispatch({ type: 'back' });
    }
  });

  const height = Math.max(4, rows - 10);
  return (
    <ScreenFrame
      title="schema diff"
      subtitle={step.kind === 'show' ? `${step.from.label} → ${step.to.label}` : undefined}
      keys={keysFor(step)}
      width={columns}
    >
      {targets.status === 'error' ? <Text>{errorText(targets.error)}</Text> : null}
      {step.kind === 'show' ? (
        <SchemaDiffPane
          key={`${step.from.id}→${step.to.id}`}
          source={source}
          from={step.from}
          to={step.to}
          view={step.view}
          scroll={step.scroll}
          height={height}
        />
      ) : (
        <Box flexDirection="column">
          <Text bold={color.strong}>{step.kind === 'pick-from' ? 'Compare from:' : `Compare ${step.from.label} to:`}</Text>
          <SelectList
            items={list}
            selected={state.cursor}
            height={height - 1}
            empty={targets.status === 'loading' ? 'loading…' : 'nothing to compare'}
            render={(t) => <Text>{t.label}</Text>}
          />
        </Box>
      )}
    </ScreenFrame>
  );
}
