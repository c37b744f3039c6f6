import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText, get, type TableInfo, type TablesResult } from '../api.js';
import { BOX_WIDTH, HEADER, ROW, layoutSchema } from '../er-layout.js';

/** The ER diagram: tables and foreign keys laid out by dagre, pan (drag) and zoom (wheel), details on click, SVG and PNG export. */
export function SchemaPage() {
  const [tables, setTables] = useState<TablesResult>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<TableInfo>();
  const [view, setView] = useState({ x: 0, y: 0, scale: 1 });
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    get<TablesResult>('/tables')
      .then(setTables)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  const placed = useMemo(() => (tables ? layoutSchema(tables.tables) : undefined), [tables]);

  /** The whole diagram, whatever the pan and zoom: a standalone SVG document sized to the layout. */
  const diagramSvg = (): { text: string; width: number; height: number } => {
    const copy = svg.current!.cloneNode(true) as SVGSVGElement;
    const { width, height } = placed!;
    copy.querySelector('g')?.removeAttribute('transform');
    copy.setAttribute('width', String(width));
    copy.setAttribute('height', String(height));
    copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
    copy.setAttribute('font-family', 'system-ui, sans-serif');
    return { text: new XMLSerializer().serializeToString(copy), width, height };
  };
  const download = (blob: Blob, name: string) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const exportSvg = () => download(new Blob([diagramSvg().text], { type: 'image/svg+xml' }), 'schema.svg');
  /** The SVG drawn onto a canvas at twice its size, on white, and saved as PNG: all in the browser. */
  const exportPng = async () => {
    const { text, width, height } = diagramSvg();
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * 2);
      canvas.height = Math.ceil(height * 2);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(image, 0, 0, width, height);
      const png = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
      if (!png) throw new Error('The browser could not encode the PNG.');
      download(png, 'schema.png');
    } catch (err) {
      setError(errorText(err));
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  if (error)
    return (
      <section className="content">
        <div className="message error">{error}</div>
      </section>
    );
  if (!placed) return <section className="content">Loading…</section>;
  return (
    <>
      <section className="content">
        <div className="toolbar">
          <strong>{placed.tables.length} tables</strong>
          <span className="muted">{placed.edges.length} foreign keys · drag to pan, wheel to zoom, click a table</span>
          <button className="btn" onClick={() => setView({ x: 0, y: 0, scale: 1 })}>
            Reset view
          </button>
          <button className="btn" onClick={exportSvg}>
            Export SVG
          </button>
          <button className="btn" onClick={() => void exportPng()}>
            Export PNG
          </button>
        </div>
        <div className="er">
          <svg
            ref={svg}
            xmlns="http://www.w3.org/2000/svg"
            aria-label="ER diagram"
            onWheel={(e) => {
              const factor = e.deltaY < 0 ? 1.1 : 1 / 1.1;
              setView((v) => ({ ...v, scale: Math.min(4, Math.max(0.2, v.scale * factor)) }));
            }}
            onMouseDown={(e) => (drag.current = { x: e.clientX - view.x, y: e.clientY - view.y })}
            onMouseMove={(e) => drag.current && setView((v) => ({ ...v, x: e.clientX - drag.current!.x, y: e.clientY - drag.current!.y }))}
            onMouseUp={() => (drag.current = undefined)}
            onMouseLeave={() => (drag.current = undefined)}
          >
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b80" />
              </marker>
            </defs>
            <g transform={`translate(${view.x},${view.y}) scale(${view.scale})`}>
              {placed.edges.map((e, i) => (
                <polyline
                  key={i}
                  points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
                  fill="none"
                  stroke="#5b6b80"
                  strokeWidth={1.5}
                  markerEnd="url(#arrow)"
                  data-fk={`${e.from}->${e.to}`}
                />
              ))}
              {placed.tables.map(({ table, x, y, height }) => (
                <g
                  key={table.name}
                  transform={`translate(${x},${y})`}
                  className="table-box"
                  data-er-table={table.name}
                  onClick={() => setSelected(table)}
                >
                  <rect
                    width={BOX_WIDTH}
                    height={height}
                    rx={4}
                    fill="#fff"
                    stroke={selected?.name === table.name ? '#2f6fdd' : '#8796a8'}
                    strokeWidth={selected?.name === table.name ? 2 : 1}
                  />
                  <rect width={BOX_WIDTH} height={HEADER} rx={4} fill="#1d2430" />
                  <text x={8} y={17} fill="#fff" fontWeight={600} fontSize={13}>
                    {table.name}
                  </text>
                  {table.columns.map((c, i) => (
                    <text key={c.name} x={8} y={HEADER + ROW * i + 14} fontSize={12} fill="#1d2430">
                      {table.primaryKey?.includes(c.name) ? 'PK ' : table.foreignKeys.some((f) => f.columns.includes(c.name)) ? 'FK ' : ''}
                      {c.name}
                      <tspan fill="#6b7685">
                        {' '}
                        {c.type}
                        {c.nullable ? '' : ' not null'}
                      </tspan>
                    </text>
                  ))}
                </g>
              ))}
            </g>
          </svg>
        </div>
      </section>
      {selected && <TableDetails table={selected} />}
    </>
  );
}

function TableDetails({ table }: { table: TableInfo }) {
  return (
    <aside className="details" aria-label="table details">
      <h3>{table.name}</h3>
      <p className="muted">{table.rows.toLocaleString('en-US')} rows</p>
      <h4>Columns</h4>
      <ul>
        {table.columns.map((c) => (
          <li key={c.name}>
            <b>{c.name}</b> {c.type}
            {c.nullable ? '' : ' NOT NULL'}
            {c.default !== undefined && ` DEFAULT ${c.default}`}
            {table.primaryKey?.includes(c.name) && ' (primary key)'}
          </li>
        ))}
      </ul>
      <h4>Indexes</h4>
      <ul>
        {table.indexes.map((i) => (
          <li key={i.name}>
            {i.name}
            {i.unique && ' unique'} ({i.elements.map((e) => e.column ?? e.expression).join(', ')})
          </li>
        ))}
        {table.uniques.map((u) => (
          <li key={u.name}>
            {u.name} unique ({u.columns.join(', ')})
          </li>
        ))}
        {table.indexes.length + table.uniques.length === 0 && <li className="muted">none</li>}
      </ul>
      <h4>Foreign keys</h4>
      <ul>
        {table.foreignKeys.map((f) => (
          <li key={f.name}>
            ({f.columns.join(', ')}) → {f.referencedTable}({f.referencedColumns.join(', ')}) on delete {f.onDelete}
          </li>
        ))}
        {table.foreignKeys.length === 0 && <li className="muted">none</li>}
      </ul>
      <h4>Triggers</h4>
      <ul>{table.triggers.length ? table.triggers.map((t) => <li key={t}>{t}</li>) : <li className="muted">none</li>}</ul>
    </aside>
  );
}
