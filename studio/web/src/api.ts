/** The studio's JSON API, with the CSRF header every write needs (read once from /api/session). */
export interface ApiError {
  code: string;
  message: string;
  hint?: string;
  data?: Record<string, unknown>;
}

export class StudioError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

let csrf: Promise<string> | undefined;

async function csrfToken(): Promise<string> {
  csrf ??= fetch('/api/session')
    .then((r) => r.json() as Promise<{ csrf: string }>)
    .then((s) => s.csrf);
  return csrf;
}

async function answer<T>(res: Response): Promise<T> {
  const json = (await res.json()) as { error?: ApiError };
  if (!res.ok || json.error) throw new StudioError(json.error ?? { code: 'E_HTTP', message: `HTTP ${res.status}` });
  return json as T;
}

export async function get<T>(path: string): Promise<T> {
  return answer<T>(await fetch(`/api${path}`));
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flash-csrf': await csrfToken() },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

export type GridValue = null | boolean | number | string;

export interface Column {
  name: string;
  type: string;
  family: string;
  nullable: boolean;
  default?: string;
  identity?: string;
  generated?: { expression: string; stored: boolean };
}

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
}

export interface TableInfo {
  name: string;
  rows: number;
  columns: Column[];
  primaryKey?: string[];
  foreignKeys: ForeignKey[];
  indexes: Array<{ name: string; elements: Array<{ column?: string; expression?: string }>; unique: boolean }>;
  uniques: Array<{ name: string; columns: string[] }>;
  triggers: string[];
}

export interface TablesResult {
  database: string;
  provider: string;
  production: boolean;
  sqlTimeout: boolean;
  explainAnalyze: boolean;
  tables: TableInfo[];
}

export type PageCursor = { after: GridValue[] } | { offset: number };

export interface RowsResult {
  table: string;
  columns: Column[];
  key?: string[];
  paging: 'keyset' | 'offset';
  rows: GridValue[][];
  next?: PageCursor;
}

export function errorText(err: unknown): string {
  if (err instanceof StudioError) return `${err.error.code}: ${err.error.message}${err.error.hint ? ` — ${err.error.hint}` : ''}`;
  return err instanceof Error ? err.message : String(err);
}
