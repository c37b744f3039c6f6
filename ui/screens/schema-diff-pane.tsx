import { useMemo } from 'react';
import { Text } from 'ink';
import type { DiffTarget, FlashDataSource } from '../data-source.js';
import { DiffTreeView } from '../components/diff-tree-view.js';
import { LineDiffView } from '../components/line-diff-view.js';
import { errorText } from '../components/status-line.js';
import { buildDiffTree } from '../diff-tree.js';
import { foldUnchanged, lineDiff } from '../line-diff.js';
import { useLoad } from '../hooks/use-load.js';
import { useColors } from '../theme.js';

export function SchemaDiffPane({
  source,
  from,
  to,
  view,
  scroll,
  height,
}: {
  source: FlashDataSource;
  from: DiffTarget;
  to: DiffTarget;
  view: 'tree' | 'sql';
  scroll: number;
  height: number;
}) {
  const [diff] = useLoad(() => source.schemaDiff(from.id, to.id));
  const color = useColors();
  const tree = useMemo(() => (diff.data ? buildDiffTree(diff.data.operations) : []), [diff.data]);
  const lines = useMemo(() => (diff.data ? foldUnchanged(lineDiff(diff.data.fromSql, diff.data.toSql), 3) : []), [diff.data]);
  if (diff.status === 'error') return <Text>{errorText(diff.error)}</Text>;
  if (!diff.data) return <Text color={color('muted')}>computing diff…</Text>;
  return view === 'tree' ? (
    <DiffTreeView nodes={tree} offset={scroll} height={height} />
  ) : (
    <LineDiffView lines={lines} offset={scroll} height={height} />
  );
}
