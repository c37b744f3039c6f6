import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DataPage } from './pages/data-page.js';
import { SqlPage } from './pages/sql-page.js';
import { SchemaPage } from './pages/schema-page.js';
import { MigrationsPage } from './pages/migrations-page.js';
import { BranchesPage } from './pages/branches-page.js';
import { MergePage } from './pages/merge-page.js';
import { SchemaEditPage } from './pages/schema-edit-page.js';
import './style.css';

const PAGES = [
  { id: 'data', title: 'Data', render: () => <DataPage /> },
  { id: 'sql', title: 'SQL', render: () => <SqlPage /> },
  { id: 'schema', title: 'Schema', render: () => <SchemaPage /> },
  { id: 'edit', title: 'Edit schema', render: () => <SchemaEditPage /> },
  { id: 'migrations', title: 'Migrations', render: () => <MigrationsPage /> },
  { id: 'branches', title: 'Branches', render: () => <BranchesPage /> },
  { id: 'merge', title: 'Merge', render: () => <MergePage /> },
] as const;

type PageId = (typeof PAGES)[number]['id'];

/** The page named by the URL hash (#/sql), so a reload or a link keeps the page. */
function pageFromHash(): PageId {
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  return PAGES.find((p) => p.id === id)?.id ?? 'data';
}

function App() {
  const [page, setPage] = useState<PageId>(pageFromHash);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <div className="app">
      <nav className="nav">
        <span className="brand">⚡ flash studio</span>
        {PAGES.map((p) => (
          <a key={p.id} href={`#/${p.id}`} className={p.id === page ? 'active' : ''} data-page={p.id}>
            {p.title}
          </a>
        ))}
      </nav>
      <main className="main">{PAGES.find((p) => p.id === page)!.render()}</main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
