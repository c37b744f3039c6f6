import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { MySQL, PostgreSQL, SQLite, sql, type SQLDialect } from '@codemirror/lang-sql';

const DIALECTS: Record<string, SQLDialect | undefined> = { postgresql: PostgreSQL, mysql: MySQL, sqlite: SQLite };

/** CodeMirror 6 with SQL highlighting in the project's dialect; Ctrl/Cmd-Enter runs. */
export function SqlEditor(props: { value: string; provider: string; onChange: (v: string) => void; onRun: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    const dialect = DIALECTS[props.provider] ?? PostgreSQL;
    const view = new EditorView({
      doc: latest.current.value,
      parent: host.current!,
      extensions: [
        keymap.of([{ key: 'Mod-Enter', run: () => (latest.current.onRun(), true) }]),
        basicSetup,
        sql({ dialect }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    return () => view.destroy();
  }, [props.provider]);
  return <div className="editor" ref={host} aria-label="SQL editor" />;
}
