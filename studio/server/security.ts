import { randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import net from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** Hosts the studio may bind without a token: only this machine can reach them. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export interface Guard {
  /** required on every request when the server is reachable from other hosts; undefined on loopback */
  token?: string;
  /** sent in the X-Flash-CSRF header of every write; only a page served by this server can read it */
  csrf: string;
}

export function newGuard(host: string): Guard {
  return { token: isLoopback(host) ? undefined : secret(), csrf: secret() };
}

const secret = () => randomBytes(24).toString('base64url');
const TOKEN_COOKIE = 'flash_studio_token';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every request passes three checks before any route:
 *  - Host: a DNS-rebinding page (evil.example resolving to 127.0.0.1) reaches the server with its own
 *    name in Host; only loopback names, IP literals and this machine's names are served.
 *  - Origin: a request a browser sends from another site carries that site's Origin (or
 *    Sec-Fetch-Site: cross-site); refused.
 *  - Token (non-loopback binds): `?token=` once, then an HttpOnly SameSite=Strict cookie.
 * Writes also need the CSRF header, which a cross-site form or fetch cannot set.
 */
export function securityMiddleware(guard: Guard, bindHost: string): MiddlewareHandler {
  const names = new Set(['localhost', '127.0.0.1', '::1', bindHost.replace(/^\[|\]$/g, '').toLowerCase(), os.hostname().toLowerCase()]);
  return async (c, next) => {
    const hostHeader = c.req.header('host') ?? '';
    const hostName = hostHeader
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    const loopbackOnly = guard.token === undefined;
    const hostOk = loopbackOnly ? isLoopback(hostName) : names.has(hostName) || net.isIP(hostName) !== 0;
    if (!hostOk) return forbidden(c, `Host ${hostHeader || '(none)'} is not served by flash studio (DNS rebinding guard).`);

    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== `http://${hostHeader}`)
      return forbidden(c, `Requests from ${origin} are refused: flash studio answers only its own pages.`);
    if (c.req.header('sec-fetch-site') === 'cross-site') return forbidden(c, 'Cross-site requests are refused.');

    if (guard.token !== undefined) {
      const given = c.req.query('token') ?? c.req.header('x-flash-token') ?? getCookie(c, TOKEN_COOKIE);
      if (!given || !same(given, guard.token))
        return forbidden(c, 'This flash studio needs its token: open the URL with ?token= that `flash studio` printed.');
      if (c.req.query('token')) setCookie(c, TOKEN_COOKIE, guard.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }

    if (WRITE_METHODS.has(c.req.method)) {
      const csrf = c.req.header('x-flash-csrf');
      if (!csrf || !same(csrf, guard.csrf)) return forbidden(c, 'Missing or wrong X-Flash-CSRF header (reload the page).');
    }
    await next();
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function forbidden(c: Parameters<MiddlewareHandler>[0], message: string) {
  return c.json(
    { error: { code: 'E_STUDIO_FORBIDDEN', message, hint: 'Open the URL flash studio printed, in this machine’s browser.' } },
    403,
  );
}
