/** Server-rendered pages: no client script at all, so every page works with a keyboard and a screen reader. */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly (Html | string)[];

function render(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map((x) => render(x as Part)).join('');
  return escapeHtml(String(p));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));
}

const css = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1f24}
header{background:#0b3d91;color:#fff;padding:.75rem 1.5rem}header a{color:#fff;margin-right:1rem}
main{max-width:60rem;margin:1.5rem auto;padding:0 1.5rem}
.card{background:#fff;border:1px solid #d6dae0;border-radius:8px;padding:1.25rem 1.5rem;margin-bottom:1rem}
label{display:block;font-weight:600;margin-top:.75rem}
input,select{font:inherit;padding:.45rem .6rem;border:1px solid #8a939e;border-radius:6px;width:100%;max-width:26rem;box-sizing:border-box}
input[readonly]{background:#eef0f3}
button{font:inherit;margin-top:1rem;padding:.5rem 1.1rem;border:0;border-radius:6px;background:#0b3d91;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b3d91;border:1px solid #0b3d91}
.hint{color:#4a535e;font-size:.9rem;margin:.25rem 0 0}
.error{background:#fdecea;border:1px solid #d93025;color:#8c1d13;border-radius:6px;padding:.6rem .9rem}
.ok{background:#e6f4ea;border:1px solid #1e8e3e;border-radius:6px;padding:.6rem .9rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
code{background:#eef0f3;padding:0 .25rem;border-radius:4px}
`;

/** The page frame. `nav` shows the admin links (the sandbox operator's view), not the member's. */
export function page(title: string, body: Html, opts: { nav?: 'admin' | 'member' | 'none' } = {}): string {
  const nav =
    opts.nav === 'admin'
      ? html`<nav aria-label="Sandbox admin"><a href="/admin">Businesses</a><a href="/admin/mail">Mail log</a><a href="/admin/carrier">Carrier log</a><a href="/api/docs">API docs</a></nav>`
      : opts.nav === 'member'
        ? html`<nav aria-label="Account"><a href="/account">My account</a><form method="post" action="/logout" style="display:inline"><button class="secondary" style="margin:0">Log out</button></form></nav>`
        : html``;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Sandbox Business Center</title><style>${css}</style></head>
<body><header><strong>Sandbox Business Center</strong> ${nav}</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** An error summary announced to screen readers, listing every problem at once. */
export function errorBox(messages: readonly string[]): Html {
  if (messages.length === 0) return html``;
  return html`<div class="error" role="alert"><p><strong>Please fix the following:</strong></p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`;
}
