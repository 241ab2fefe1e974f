import type { IncomingMessage, ServerResponse } from 'node:http';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Answers a small HTML page, the way a provider's own sign-in or consent page would. */
export function sendPage(res: ServerResponse, status: number, title: string, bodyHtml: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${bodyHtml}</body></html>`);
}

/** A form post's fields; refuses any other content type, as a browser form always sends this one. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return null;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Hidden inputs that carry a request's parameters through a consent form. */
export function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
}

/** 302 to `target` with these query parameters added (an OAuth redirect back to the client). */
export function redirectWith(res: ServerResponse, target: string, params: Record<string, string | null>): void {
  const u = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== null) u.searchParams.set(k, v);
  res.writeHead(302, { location: u.toString(), 'cache-control': 'no-store' });
  res.end();
}

/** True when `s` is an absolute http(s) URL without a fragment, as OAuth redirect URIs must be. */
export function isRedirectUri(s: string | null): s is string {
  if (!s) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.hash && !s.includes('#');
  } catch {
    return false;
  }
}
