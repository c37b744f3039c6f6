import { useEffect } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ConflictItem, ResolutionChoice } from '../data-source.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { ConflictSides } from '../components/conflict-sides.js';
import { errorText } from '../components/status-line.js';
import type { KeyBinding } from '../components/key-help.js';
import { ConflictSummary } from './conflict-summary.js';
import { conflictsReducer, initialConflictsState, type ConflictsState } from '../hooks/conflicts-reducer.js';
import { useLoad } from '../hooks/use-load.js';
import { useLatest, useSyncReducer } from '../hooks/use-sync-reducer.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useColors } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

const choiceKeys: Record<string, ResolutionChoice> = { o: 'ours', t: 'theirs', b: 'both' };

function keysFor(state: ConflictsState, conflict: ConflictItem | undefined): KeyBinding[] {
  if (state.phase === 'summary')
    return [
      ['Enter', 'review again'],
      ['Esc', 'back'],
      ['q', 'quit'],
    ];
  if (state.phase === 'writing') return [['…', 'writing resolution']];
  const picks: KeyBinding[] = (conflict?.resolutions ?? []).map((r) => [r[0], `keep ${r}`]);
  if (conflict && conflict.resolutions.length === 0) picks.push(['Enter', 'acknowledge']);
  return [...picks, ['←/→', 'previous/next'], ['s', 'summary'], ['Esc', 'back'], ['q', 'quit']];
}

/** Walks each conflict: base / ours / theirs side by side, a choice per conflict, a summary at the end. */
export function ConflictsScreen({ source, back, quit }: ScreenProps) {
  const [loaded] = useLoad(() => source.conflicts());
  const [state, dispatch, latest] = useSyncReducer(conflictsReducer, initialConflictsState);
  const { columns } = useTerminalSize();
  const color = useColors();
  const items = loaded.data?.items ?? [];
  const conflict = items[state.index];
  const itemsRef = useLatest(items);
  useEffect(() => {
    if (loaded.data) dispatch({ type: 'loaded', items: loaded.data.items });
  }, [loaded.data, dispatch]);

  const choose = (c: ConflictItem, choice: ResolutionChoice) => {
    dispatch({ type: 'writing' });
    source.resolve(c.path, choice).then(
      (result) => dispatch({ type: 'resolved', path: c.path, choice, notes: result.notes, count: items.length }),
      (err: unknown) => dispatch({ type: 'failed', path: c.path, error: errorText(err) }),
    );
  };

  useInput((input, key) => {
    const state = latest.current;
    const items = itemsRef.current;
    const conflict = items[state.index];
    if (state.phase === 'writing') return;
    if (input === 'q') {
      quit();
      return;
    }
    if (key.escape) {
      back();
      return;
    }
    if (state.phase === 'summary') {
      if (key.return && items.length) dispatch({ type: 'reopen' });
      return;
    }
    if (!conflict) return;
    const choice = choiceKeys[input];
    if (choice && conflict.resolutions.includes(choice)) choose(conflict, choice);
    else if (key.return && conflict.resolutions.length === 0) dispatch({ type: 'goto', index: state.index + 1, count: items.length });
    else if (key.rightArrow || input === 'n') dispatch({ type: 'goto', index: state.index + 1, count: items.length });
    else if (key.leftArrow || input === 'p') dispatch({ type: 'goto', index: state.index - 1, count: items.length });
    else if (input === 's') dispatch({ type: 'summary' });
  });

  const merging = loaded.data?.merging ? `merging ${loaded.data.merging}` : undefined;
  let body;
  if (loaded.status === 'error') body = <Text>{errorText(loaded.error)}</Text>;
  else if (!loaded.data) body = <Text color={color('muted')}>loading conflicts…</Text>;
  else if (items.length === 0) body = <Text color={color('ok')}>No merge conflicts to resolve.</Text>;
  else if (state.phase === 'summary' || !conflict) body = <ConflictSummary items={items} outcomes={state.outcomes} />;
  else {
    // Warnings can share a path with a conflict; only conflicts carry a choice.
    const outcome = conflict.resolutions.length ? state.outcomes[conflict.path] : undefined;
    body = (
      <Box flexDirection="column">
        <Text>
          <Text bold={color.strong}>
            Conflict {state.index + 1}/{items.length}
          </Text>{' '}
          <Text color={color(conflict.resolutions.length ? 'bad' : 'warn')}>
            {conflict.code} {conflict.kind}
          </Text>{' '}
          at <Text bold={color.strong}>{conflict.path}</Text>
        </Text>
        <Text>{conflict.message}</Text>
        <ConflictSides conflict={conflict} width={Math.max(40, columns - 2)} />
        {outcome?.choice ? <Text color={color('ok')}>resolved: {outcome.choice}</Text> : null}
        {outcome?.error ? <Text color={color('bad')}>{outcome.error}</Text> : null}
        {state.phase === 'writing' ? <Text color={color('accent')}>… writing resolution</Text> : null}
        {conflict.resolutions.length === 0 ? <Text color={color('warn')}>warning only: nothing to choose</Text> : null}
      </Box>
    );
  }
  return (
    <ScreenFrame title="conflicts" subtitle={merging} keys={keysFor(state, conflict)} width={columns}>
      {body}
    </ScreenFrame>
  );
}
