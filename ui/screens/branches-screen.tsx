import { useEffect, useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import type { BranchEntry, BranchState } from '../data-source.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { countLabel } from '../dashboard-lines.js';
import { SelectList } from '../components/select-list.js';
import { TextInput } from '../components/text-input.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ProgressBar } from '../components/progress-bar.js';
import { StatusLine, errorText } from '../components/status-line.js';
import type { KeyBinding } from '../components/key-help.js';
import { branchesReducer, initialBranchesState, type BranchesMode } from '../hooks/branches-reducer.js';
import { applyDelta, cursorDelta } from '../hooks/cursor.js';
import { useLoad } from '../hooks/use-load.js';
import { useLatest, useSyncReducer } from '../hooks/use-sync-reducer.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useColors, type ColorName } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

const stateTone: Record<BranchState, ColorName> = { 'in sync': 'ok', 'needs migrations': 'warn', drift: 'bad', 'no db yet': 'muted' };

function keysFor(mode: BranchesMode): KeyBinding[] {
  switch (mode.kind) {
    case 'create':
      return [
        ['Enter', 'create'],
        ['Esc', 'cancel'],
      ];
    case 'confirm-delete':
      return [
        ['y', 'delete'],
        ['n/Esc', 'keep'],
      ];
    case 'busy':
      return [['…', 'working']];
    case 'question':
      return [
        ['y', 'continue'],
        ['n/Esc', 'stop'],
      ];
    case 'list':
      return [
        ['↑/↓', 'move'],
        ['Enter', 'check out'],
        ['n', 'new branch'],
        ['d', 'delete'],
        ['r', 'refresh'],
        ['Esc', 'back'],
        ['q', 'quit'],
      ];
  }
}

export function BranchesScreen({ source, back, quit }: ScreenProps) {
  const [list, reload] = useLoad(() => source.listBranches());
  const [state, dispatch, latest] = useSyncReducer(branchesReducer, initialBranchesState);
  const { columns, rows } = useTerminalSize();
  const branches = list.data ?? [];
  const branchesRef = useLatest(branches);
  const answer = useRef<((yes: boolean) => void) | undefined>(undefined);
  const focusAfterReload = useRef<string | undefined>(undefined);
  useEffect(() => {
    const name = focusAfterReload.current;
    const index = name === undefined ? -1 : branches.findIndex((b) => b.name === name);
    if (index === -1) return;
    focusAfterReload.current = undefined;
    dispatch({ type: 'cursor', index });
  }, [list.data]);
  const confirm = (question: string) =>
    new Promise<boolean>((resolve) => {
      answer.current = resolve;
      dispatch({ type: 'ask', question });
    });

  const run = (
    label: string,
    action: (progress: (p: { message: string; done?: number; total?: number }) => void) => Promise<{ notes: string[] }>,
  ) => {
    dispatch({ type: 'busy', progress: { message: label } });
    action((progress) => dispatch({ type: 'busy', progress })).then(
      (result) => {
        dispatch({ type: 'finished', status: { tone: 'ok', text: result.notes.join(' · ') || `${label}: done` } });
        reload();
      },
      (err: unknown) => {
        dispatch({ type: 'finished', status: { tone: 'bad', text: errorText(err) } });
        reload();
      },
    );
  };

  useInput((input, key) => {
    const { mode, cursor } = latest.current;
    const branches = branchesRef.current;
    const selected: BranchEntry | undefined = branches[Math.min(cursor, branches.length - 1)];
    if (mode.kind === 'busy') return;
    if (mode.kind === 'question') {
      const yes = input === 'y' || input === 'Y';
      if (!yes && input !== 'n' && input !== 'N' && !key.escape) return;
      dispatch({ type: 'busy', progress: { message: yes ? 'continuing' : 'stopping' } });
      answer.current?.(yes);
      answer.current = undefined;
      return;
    }
    if (mode.kind === 'create') {
      if (key.escape) dispatch({ type: 'cancel' });
      else if (key.return) {
        const name = mode.name.trim();
        if (name) {
          // The cursor lands on the new branch once the reloaded list has it.
          focusAfterReload.current = name;
          run(`creating ${name}`, (p) => source.createBranch(name, p));
        } else dispatch({ type: 'cancel' });
      } else if (key.backspace || key.delete) dispatch({ type: 'backspace' });
      else if (input && !key.ctrl && !key.meta && !key.tab) dispatch({ type: 'type', text: input });
      return;
    }
    if (mode.kind === 'confirm-delete') {
      if (input === 'y' || input === 'Y') run(`deleting ${mode.name}`, () => source.deleteBranch(mode.name));
      else if (input === 'n' || input === 'N' || key.escape) dispatch({ type: 'cancel' });
      return;
    }
    const delta = cursorDelta(input, key);
    if (delta !== undefined) dispatch({ type: 'cursor', index: applyDelta(cursor, delta, branches.length) });
    else if (input === 'q') quit();
    else if (key.escape) back();
    else if (input === 'r') reload();
    else if (input === 'n') dispatch({ type: 'start-create' });
    else if (key.return && selected) {
      if (selected.current) dispatch({ type: 'finished', status: { tone: 'muted', text: `${selected.name} is already checked out` } });
      else run(`checking out ${selected.name}`, (p) => source.checkout(selected.name, p, confirm));
    } else if (input === 'd' && selected) {
      if (selected.current)
        dispatch({
          type: 'finished',
          status: { tone: 'bad', text: `${selected.name} is the current branch: check out another branch before deleting it` },
        });
      else dispatch({ type: 'ask-delete', name: selected.name });
    }
  });

  return (
    <ScreenFrame
      title="branches"
      subtitle={list.status === 'loading' ? 'loading…' : countLabel(branches.length, 'branch')}
      keys={keysFor(state.mode)}
      width={columns}
    >
      {list.status === 'error' ? <Text>{errorText(list.error)}</Text> : null}
      <SelectList
        items={branches}
        selected={state.cursor}
        height={Math.max(3, rows - 12)}
        empty={list.status === 'loading' ? 'loading…' : 'no branches'}
        render={(b) => <BranchRow branch={b} width={columns} />}
      />
      <Box marginTop={1} flexDirection="column">
        {state.mode.kind === 'create' ? (
          <TextInput label="new branch:" value={state.mode.name} hint="created from HEAD, with a copy of the current dev database" />
        ) : null}
        {state.mode.kind === 'confirm-delete' ? (
          <ConfirmDialog
            question={`Drop the dev database of branch ${state.mode.name}?`}
            detail={`Its data is lost. The git branch is kept (\`git branch -d ${state.mode.name}\` deletes it).`}
          />
        ) : null}
        {state.mode.kind === 'question' ? <ConfirmDialog question={state.mode.question} /> : null}
        {state.mode.kind === 'busy' ? <ProgressBar progress={state.mode.progress} /> : null}
        <StatusLine status={state.status} />
      </Box>
    </ScreenFrame>
  );
}

function BranchRow({ branch, width }: { branch: BranchEntry; width: number }) {
  const color = useColors();
  return (
    <Text wrap="truncate-end">
      <Text bold={branch.current && color.strong}>{(branch.current ? '* ' : '  ') + branch.name.padEnd(24)}</Text>{' '}
      <Text color={color(stateTone[branch.state])}>{branch.state.padEnd(17)}</Text>
      {width >= 90 && branch.database ? <Text color={color('muted')}> {branch.database}</Text> : null}
    </Text>
  );
}
