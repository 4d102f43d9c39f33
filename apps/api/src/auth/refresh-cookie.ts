import type { FastifyReply, FastifyRequest } from 'fastify';
import { DubanError } from '@duban/errors';
import { unauthenticated } from './auth-errors';

/** The web app's refresh token: httpOnly (no script reads it), SameSite=Strict, sent only to /api/auth. */
export const REFRESH_COOKIE = 'duban_refresh';
const COOKIE_PATH = '/api/auth';
/** Refresh families live for days; the cookie outlives the browser session so a reload signs back in. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

/**
 * The custom header the web app sends on sign-in, refresh and sign-out. A cross-site form cannot
 * set it, and a cross-site fetch that sets it needs a CORS preflight the API never grants, so the
 * cookie is only ever used by our own pages (SameSite=Strict is the first line, this the second).
 */
export const WEB_CLIENT_HEADER = 'x-duban-client';
export const WEB_CLIENT_VALUE = 'web';

export function isWebClient(request: FastifyRequest): boolean {
  return request.headers[WEB_CLIENT_HEADER] === WEB_CLIENT_VALUE;
}

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

/**
 * A readable companion cookie that holds no secret, only "a session may be restored": the page asks
 * for a refresh on load only when it is there, so a first visit does not draw a 401.
 */
export const SESSION_HINT_COOKIE = 'duban_session';

function cookies(request: FastifyRequest, token: string | null): string[] {
  const flags = ['SameSite=Strict', ...(secure(request) ? ['Secure'] : [])];
  const age = token === null ? 'Max-Age=0' : `Max-Age=${COOKIE_MAX_AGE_SECONDS}`;
  return [
    [`${REFRESH_COOKIE}=${token ?? ''}`, `Path=${COOKIE_PATH}`, age, 'HttpOnly', ...flags].join('; '),
    [`${SESSION_HINT_COOKIE}=${token === null ? '' : '1'}`, 'Path=/', age, ...flags].join('; '),
  ];
}

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.header('set-cookie', cookies(request, token));
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', cookies(request, null));
}

/** The refresh token from the cookie, for a request that proves it comes from the web app. */
export function refreshTokenFromCookie(request: FastifyRequest): string {
  // other clients send the token in the body, as before: without it the request is invalid
  if (!isWebClient(request)) throw new DubanError('VALIDATION_FAILED', '请提供 refreshToken');
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === REFRESH_COOKIE) {
      const value = rest.join('=');
      if (/^[A-Za-z0-9_-]{20,100}$/.test(value)) return value;
    }
  }
  throw unauthenticated('登录已过期，请重新登录', 'refresh_missing');
}

/** For the web app the refresh token travels only in the cookie, never in a body script can read. */
export function forClient<T extends { refreshToken: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  pair: T,
): T | Omit<T, 'refreshToken'> {
  if (!isWebClient(request)) return pair;
  setRefreshCookie(request, reply, pair.refreshToken);
  const { refreshToken: _kept, ...rest } = pair;
  return rest;
}
