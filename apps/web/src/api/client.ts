import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The API's error body: `{ error: { code, message (Chinese), requestId, details? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Sent on sign-in, refresh and sign-out: the API reads the refresh cookie only with it (CSRF guard). */
export const WEB_CLIENT_HEADERS = { 'x-duban-client': 'web' } as const;

/** The access token lives in memory only; a reload gets a new one through the refresh cookie. */
let accessToken: string | null = null;
let onSignedOut: (() => void) | null = null;
let refreshing: Promise<boolean> | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** Set beside the httpOnly refresh cookie (no secret in it): is there a session to restore at all? */
export function maySignInSilently(): boolean {
  return document.cookie.split('; ').includes('duban_session=1');
}

/** Trades the httpOnly refresh cookie for a new access token (one request at a time). */
export function refreshAccess(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...WEB_CLIENT_HEADERS },
        body: '{}',
      });
      if (!res.ok) return false;
      const body = (await res.json()) as { accessToken: string };
      accessToken = body.accessToken;
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
};

/** Retries once after a refresh when the access token expired; signs out when that fails too. */
async function fetchWithRefresh(input: Request): Promise<Response> {
  const retry = input.clone();
  const res = await fetch(input);
  if (res.status !== 401 || input.url.includes('/api/auth/')) return res;
  if (!(await refreshAccess())) {
    onSignedOut?.();
    return res;
  }
  retry.headers.set('authorization', `Bearer ${accessToken}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: '', fetch: fetchWithRefresh });
api.use(auth);

export async function toApiError(res: Response, body?: unknown): Promise<ApiError> {
  let parsed = body;
  if (parsed === undefined) parsed = await res.json().catch(() => null);
  const e = (parsed as ApiErrorBody | null)?.error;
  if (e?.message) return new ApiError(res.status, e.code, e.message, e.details);
  return new ApiError(res.status, 'HTTP_' + res.status, res.status >= 500 ? '服务器暂时无法处理，请稍后重试' : `请求失败（${res.status}）`);
}

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError carrying the API's Chinese message.
 * The data's type is the documented response schema; a caller that names a shape (`ok<Page<X>>`)
 * must name one the schema satisfies, so a renamed response field breaks the build. (An operation
 * without a documented body gives `never` data, which any named shape accepts: document it.)
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw await toApiError(response, error);
  return data as T;
}

/** Multipart upload with a progress callback (fetch cannot report upload progress; XHR can). */
export function uploadFile<T>(url: string, file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const send = (retried: boolean) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      if (accessToken) xhr.setRequestHeader('authorization', `Bearer ${accessToken}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络连接中断，文件未上传成功，请重试'));
      xhr.onload = async () => {
        if (xhr.status === 401 && !retried && (await refreshAccess())) return send(true);
        let body: unknown = null;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          body = null;
        }
        if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
        const e = (body as ApiErrorBody | null)?.error;
        reject(new ApiError(xhr.status, e?.code ?? `HTTP_${xhr.status}`, e?.message ?? `上传失败（${xhr.status}）`, e?.details));
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    };
    send(false);
  });
}

/** Fetches a protected file (bearer) as a blob, e.g. for an in-page preview. */
export async function fetchBlob(url: string): Promise<Blob> {
  const res = await fetchWithRefresh(new Request(url, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} }));
  if (!res.ok) throw await toApiError(res);
  return res.blob();
}

/**
 * Downloads a protected file through the bearer token and saves it under its name. A 202 (a large
 * summary still being generated) comes back as its JSON note instead of a file.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<{ saved: true } | { saved: false; message: string }> {
  const res = await fetchWithRefresh(new Request(url, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} }));
  if (!res.ok) throw await toApiError(res);
  if (res.status === 202) {
    const note = (await res.json().catch(() => null)) as { message?: string } | null;
    return { saved: false, message: note?.message ?? '文件正在生成，请稍后再下载' };
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { saved: true };
}
