import { Box, Text } from 'ink';
import type { DiffSign, DiffTreeNode } from '../diff-tree.js';
import { useColors, type ColorName } from '../theme.js';

const signColor: Record<DiffSign, ColorName> = { '+': 'added', '-': 'removed', '~': 'changed' };
const signGlyph: Record<DiffSign, string> = { '+': '+', '-': '−', '~': '~' };

interface Row {
  depth: number;
  node: DiffTreeNode;
}

function flatten(nodes: DiffTreeNode[], depth = 0): Row[] {
  return nodes.flatMap((node) => [{ depth, node }, ...flatten(node.children, depth + 1)]);
}

/** The schema diff as an indented +/−/~ tree, scrolled from `offset`. */
export function DiffTreeView({ nodes, offset = 0, height }: { nodes: DiffTreeNode[]; offset?: number; height: number }) {
  const color = useColors();
  const rows = flatten(nodes);
  if (rows.length === 0) return <Text color={color('ok')}>no schema differences</Text>;
  offset = Math.min(offset, Math.max(0, rows.length - 1));
  const shown = rows.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      {shown.map(({ depth, node }, n) => (
        <Text key={n} color={color(signColor[node.sign])}>
          {'  '.repeat(depth * 2)}
          {signGlyph[node.sign]} {node.label}
        </Text>
      ))}
      {offset + height < rows.length ? <Text color={color('muted')}>… {rows.length - offset - height} more</Text> : null}
    </Box>
  );
}

export function diffTreeRowCount(nodes: DiffTreeNode[]): number {
  return flatten(nodes).length;
}
