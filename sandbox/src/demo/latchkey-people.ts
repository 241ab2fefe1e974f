/**
 * Creates the demo workspace's two members the way people would: the owner invites them through
 * Latchkey's API, Latchkey mails the invitation (to maildev), and each accepts with the token from
 * that email. Nothing here reaches into Latchkey's database.
 */
export interface DemoPerson {
  email: string;
  password: string;
  role: 'admin' | 'user';
}

interface MaildevEmail {
  to: { address: string }[];
  subject: string;
  text?: string;
  date: string;
}

async function call(url: string, init: RequestInit & { cookie?: string; origin: string }): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', origin: init.origin, ...(init.cookie ? { cookie: init.cookie } : {}) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${await res.text()}`);
  return res;
}

async function inviteToken(mailbox: string, email: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const list = (await (await fetch(`${mailbox}/api/email`)).json()) as MaildevEmail[];
    const mail = list.filter((m) => m.to.some((t) => t.address === email)).sort((a, b) => b.date.localeCompare(a.date))[0];
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    if (token) return token;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Latchkey's invitation to ${email} did not reach the demo mailbox within ${timeoutMs / 1000} s.`);
}

export async function addLatchkeyMembers(opts: { latchkey: string; mailbox: string; owner: { email: string; password: string }; people: DemoPerson[] }): Promise<void> {
  const { latchkey, mailbox } = opts;
  const login = await call(`${latchkey}/api/v1/auth/login`, { method: 'POST', origin: latchkey, body: JSON.stringify({ email: opts.owner.email, password: opts.owner.password }) });
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  for (const p of opts.people) {
    await call(`${latchkey}/api/v1/members`, { method: 'POST', origin: latchkey, cookie, body: JSON.stringify({ email: p.email, role: p.role }) });
    const token = await inviteToken(mailbox, p.email);
    await call(`${latchkey}/api/v1/invitations/accept`, { method: 'POST', origin: latchkey, body: JSON.stringify({ token, password: p.password }) });
  }
}
