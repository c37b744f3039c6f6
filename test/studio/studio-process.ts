import { spawn } from 'node:child_process';
import http from 'node:http';
import { FLASH_BIN } from '../helpers/cli.js';

/** `flash studio` as a user starts it: a subprocess, its URL read from its first line. */
export interface StudioProcess {
  /** the printed URL (with ?token= when bound beyond loopback) */
  url: string;
  /** scheme, host and port */
  origin: string;
  output(): string;
  /** Ctrl-C; resolves with the exit code */
  stop(): Promise<number>;
}

export function startStudioProcess(dir: string, env: Record<string, string>, args: string[] = []): Promise<StudioProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLASH_BIN, '--cwd', dir, 'studio', '--port', '0', ...args], {
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number>((done) => child.on('exit', (code) => done(code ?? -1)));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /flash studio: (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.on('data', (more: Buffer) => (out += more.toString()));
      const url = m[1];
      resolve({
        url,
        origin: new URL(url).origin,
        output: () => out,
        stop: () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => reject(new Error(`flash studio exited (${code}) before printing its URL:\n${out}`)));
  });
}

/** What the API answers: JSON, read freely by the tests (the response's own type). */
type JsonBody = Awaited<ReturnType<Response['json']>>;

/** A client of the JSON API that sends what the studio's own page sends (CSRF header, same Origin). */
export class StudioClient {
  private csrf?: string;
  constructor(private readonly origin: string) {}

  async get(path: string): Promise<{ status: number; body: JsonBody }> {
    const res = await fetch(this.origin + path);
    return { status: res.status, body: await res.json() };
  }

  async post(path: string, body: unknown): Promise<{ status: number; body: JsonBody }> {
    this.csrf ??= ((await this.get('/api/session')).body as { csrf: string }).csrf;
    const res = await fetch(this.origin + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-flash-csrf': this.csrf, origin: this.origin },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }
}

/** A request with exactly these headers (fetch cannot forge Host). */
export function rawRequest(
  origin: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
