import { useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import type { MigrationEntry, MigrationState, ProgressListener, ActionResult } from '../data-source.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { SelectList } from '../components/select-list.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ProgressBar } from '../components/progress-bar.js';
import { StatusLine, errorText } from '../components/status-line.js';
import type { KeyBinding } from '../components/key-help.js';
import { MigrationDetailPane } from './migration-detail-pane.js';
import { initialMigrationsState, migrationsReducer, type MigrationsMode } from '../hooks/migrations-reducer.js';
import { applyDelta, cursorDelta } from '../hooks/cursor.js';
import { useLoad } from '../hooks/use-load.js';
import { useLatest, useSyncReducer } from '../hooks/use-sync-reducer.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useColors, type ColorName } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

const badge: Record<MigrationState, [string, ColorName]> = {
  applied: ['✓ applied ', 'ok'],
  pending: ['• pending ', 'warn'],
  modified: ['! modified', 'bad'],
  failed: ['✗ failed  ', 'bad'],
  unknown: ['? unknown ', 'muted'],
};

/** With the database unreadable nothing is known to be pending or applied: say so, never "nothing to do". */
const UNKNOWN_STATE = 'the database could not be read, so which migrations are applied is unknown: start it and press r';

function keysFor(mode: MigrationsMode): KeyBinding[] {
  switch (mode.kind) {
    case 'detail':
      return [
        ['Tab', 'up/down SQL'],
        ['↑/↓', 'scroll'],
        ['Esc', 'back'],
        ['q', 'quit'],
      ];
    case 'confirm-down':
      return [
        ['y', 'revert'],
        ['n/Esc', 'cancel'],
      ];
    case 'question':
      return [
        ['y', 'continue'],
        ['n/Esc', 'stop'],
      ];
    case 'busy':
      return [['…', 'working']];
    case 'list':
      return [
        ['↑/↓', 'move'],
        ['Enter', 'show SQL'],
        ['a', 'apply pending'],
        ['D', 'down 1'],
        ['s', 'schema diff'],
        ['r', 'refresh'],
        ['Esc', 'back'],
        ['q', 'quit'],
      ];
  }
}

export function MigrationsScreen({ source, open, back, quit }: ScreenProps) {
  const [list, reload] = useLoad(() => source.listMigrations());
  const [state, dispatch, latest] = useSyncReducer(migrationsReducer, initialMigrationsState);
  const { columns, rows } = useTerminalSize();
  const migrations = list.data ?? [];
  const selected = migrations.at(Math.min(state.cursor, migrations.length - 1));
  const pending = migrations.filter((m) => m.state === 'pending').length;
  const lastApplied = lastAppliedOf(migrations);
  const migrationsRef = useLatest(migrations);
  const answer = useRef<((yes: boolean) => void) | undefined>(undefined);
  // A Down that loses data asks here, as `flash down` asks in a terminal; the answer resumes the action.
  const confirm = (question: string) =>
    new Promise<boolean>((resolve) => {
      answer.current = resolve;
      dispatch({ type: 'ask', question });
    });

  const run = (label: string, action: (progress: ProgressListener) => Promise<ActionResult>) => {
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
    const migrations = migrationsRef.current;
    const selected = migrations.at(Math.min(cursor, migrations.length - 1));
    const pending = migrations.filter((m) => m.state === 'pending').length;
    const lastApplied = lastAppliedOf(migrations);
    if (mode.kind === 'busy') return;
    if (mode.kind === 'question') {
      const yes = input === 'y' || input === 'Y';
      if (!yes && input !== 'n' && input !== 'N' && !key.escape) return;
      dispatch({ type: 'busy', progress: { message: yes ? 'continuing' : 'stopping' } });
      answer.current?.(yes);
      answer.current = undefined;
      return;
    }
    if (mode.kind === 'confirm-down') {
      if (input === 'y' || input === 'Y') run('reverting', (p) => source.down(1, p, confirm));
      else if (input === 'n' || input === 'N' || key.escape) dispatch({ type: 'close' });
      return;
    }
    if (mode.kind === 'detail') {
      if (key.tab) dispatch({ type: 'toggle-section' });
      else if (key.upArrow || input === 'k') dispatch({ type: 'scroll', delta: -1 });
      else if (key.downArrow || input === 'j') dispatch({ type: 'scroll', delta: 1 });
      else if (key.escape || key.return) dispatch({ type: 'close' });
      else if (input === 'q') quit();
      return;
    }
    const delta = cursorDelta(input, key);
    if (delta !== undefined) dispatch({ type: 'cursor', index: applyDelta(cursor, delta, migrations.length) });
    else if (input === 'q') quit();
    else if (key.escape) back();
    else if (input === 'r') reload();
    else if (input === 's') open('diff');
    else if (key.return && selected) dispatch({ type: 'open-detail' });
    else if (input === 'a') {
      if (migrations.some((m) => m.state === 'unknown')) dispatch({ type: 'finished', status: { tone: 'bad', text: UNKNOWN_STATE } });
      else if (pending === 0) dispatch({ type: 'finished', status: { tone: 'muted', text: 'nothing to apply: no pending migrations' } });
      else run('applying', (p) => source.applyPending(p));
    } else if (input === 'D') {
      if (migrations.some((m) => m.state === 'unknown')) dispatch({ type: 'finished', status: { tone: 'bad', text: UNKNOWN_STATE } });
      else if (!lastApplied) dispatch({ type: 'finished', status: { tone: 'muted', text: 'nothing to revert: no applied migrations' } });
      else dispatch({ type: 'ask-down' });
    }
  });

  const unknown = migrations.filter((m) => m.state === 'unknown').length;
  const subtitle =
    list.status === 'loading'
      ? 'loading…'
      : unknown
        ? `${migrations.length} on disk · applied/pending unknown (database not read)`
        : `${migrations.filter((m) => m.state === 'applied' || m.state === 'modified').length} applied · ${pending} pending`;
  return (
    <ScreenFrame title="migrations" subtitle={subtitle} keys={keysFor(state.mode)} width={columns}>
      {list.status === 'error' ? <Text>{errorText(list.error)}</Text> : null}
      {state.mode.kind === 'detail' && selected ? (
        <MigrationDetailPane
          key={selected.name}
          source={source}
          name={selected.name}
          section={state.mode.section}
          scroll={state.mode.scroll}
          height={Math.max(4, rows - 12)}
        />
      ) : (
        <SelectList
          items={migrations}
          selected={state.cursor}
          height={Math.max(3, rows - 12)}
          empty={list.status === 'loading' ? 'loading…' : 'no migrations yet'}
          render={(m) => <MigrationRow migration={m} />}
        />
      )}
      <Box marginTop={1} flexDirection="column">
        {state.mode.kind === 'confirm-down' && lastApplied ? (
          <ConfirmDialog question={`Revert ${lastApplied.name}?`} detail="Runs its Down section against the dev database." />
        ) : null}
        {state.mode.kind === 'question' ? <ConfirmDialog question={state.mode.question} /> : null}
        {state.mode.kind === 'busy' ? <ProgressBar progress={state.mode.progress} /> : null}
        <StatusLine status={state.status} />
      </Box>
    </ScreenFrame>
  );
}

function lastAppliedOf(migrations: MigrationEntry[]): MigrationEntry | undefined {
  return [...migrations].reverse().find((m) => m.state === 'applied' || m.state === 'modified');
}

function MigrationRow({ migration }: { migration: MigrationEntry }) {
  const color = useColors();
  const [text, tone] = badge[migration.state];
  return (
    <Text wrap="truncate-end">
      <Text color={color(tone)}>{text}</Text> {migration.name}
      {migration.appliedAt ? <Text color={color('muted')}> {migration.appliedAt}</Text> : null}
    </Text>
  );
}
