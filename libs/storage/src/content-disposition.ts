import { safeDisplayName } from './display-name';

/** RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** a quoted-string-safe ASCII stand-in for clients that ignore `filename*` */
function asciiFallback(name: string): string {
  const dot = name.lastIndexOf('.');
  const rawExt = dot > 0 ? name.slice(dot) : '';
  const ext = /^\.[A-Za-z0-9]{1,16}$/.test(rawExt) ? rawExt : '';
  const stem = (ext ? name.slice(0, -ext.length) : name)
    // non-ASCII, controls, quotes, backslashes and `%` (some clients percent-decode filename=) become `_`
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
    .replace(/_{2,}/g, '_')
    .trim();
  const useful = /[A-Za-z0-9]/.test(stem) ? stem : 'file';
  return useful + ext;
}

/**
 * A `Content-Disposition` header value for a download, per RFC 6266 with the RFC 5987 / 8187
 * extended parameter: `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>`.
 * The name goes through {@link safeDisplayName} first, so directories, control and bidi characters
 * never reach the client, and the value never contains CR or LF.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  if (disposition !== 'attachment' && disposition !== 'inline') throw new Error(`invalid disposition ${String(disposition)}`);
  const name = safeDisplayName(fileName);
  return `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
