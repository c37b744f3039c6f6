import * as dagre from '@dagrejs/dagre';
import type { TableInfo } from './api.js';

/**
 * The part of dagre's graph this layout uses. dagre's bundled declarations import their neighbours
 * without file extensions, which NodeNext resolution cannot follow, so the types are stated here.
 */
interface LayoutGraph {
  setGraph(label: { rankdir: string; nodesep: number; ranksep: number; marginx: number; marginy: number }): void;
  setDefaultEdgeLabel(label: () => object): void;
  setNode(name: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string, label: object, name: string): void;
  node(name: string): { x: number; y: number; width: number; height: number };
  edges(): Array<{ v: string; w: string; name?: string }>;
  edge(e: { v: string; w: string; name?: string }): { points?: Array<{ x: number; y: number }> };
  graph(): { width?: number; height?: number };
}

const { Graph, layout } = dagre as unknown as {
  Graph: new (options: { multigraph: boolean }) => LayoutGraph;
  layout: (g: LayoutGraph) => void;
};

export const BOX_WIDTH = 220;
export const HEADER = 26;
export const ROW = 18;

export interface PlacedTable {
  table: TableInfo;
  x: number;
  y: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  points: Array<{ x: number; y: number }>;
}

/** Tables as boxes and foreign keys as edges, placed by dagre (left to right, parents to the right of children). */
export function layoutSchema(tables: TableInfo[]): { tables: PlacedTable[]; edges: PlacedEdge[]; width: number; height: number } {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = new Set(tables.map((t) => t.name));
  for (const t of tables) g.setNode(t.name, { width: BOX_WIDTH, height: HEADER + ROW * t.columns.length + 6 });
  for (const t of tables)
    for (const fk of t.foreignKeys) if (names.has(fk.referencedTable)) g.setEdge(t.name, fk.referencedTable, {}, fk.name);
  layout(g);
  const placed = tables.map((t) => {
    const n = g.node(t.name);
    return { table: t, x: n.x - n.width / 2, y: n.y - n.height / 2, height: n.height };
  });
  const edges = g.edges().map((e) => ({
    from: e.v,
    to: e.w,
    label: e.name ?? '',
    points: g.edge(e).points ?? [],
  }));
  const graph = g.graph();
  return { tables: placed, edges, width: graph.width ?? 400, height: graph.height ?? 300 };
}
