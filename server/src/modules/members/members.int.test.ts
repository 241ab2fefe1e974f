import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, uniqueEmail } from '../../../test/factories.ts';

const get = useTestApp();

describe('members', () => {
  it('lists members with cursor pages and filters', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: owner.cookie }, payload: { email: uniqueEmail('p'), role: 'user' } });
    const p1 = (await t.app.inject({ url: '/api/v1/members?limit=2', headers: { cookie: owner.cookie } })).json() as { data: { email: string }[]; page: { nextCursor: string } };
    expect(p1.data).toHaveLength(2);
    const p2 = (await t.app.inject({ url: `/api/v1/members?limit=2&cursor=${p1.page.nextCursor}`, headers: { cookie: owner.cookie } })).json() as { data: { email: string }[]; page: { nextCursor: string | null } };
    expect(p2.data).toHaveLength(2);
    expect(p2.page.nextCursor).toBeNull();
    expect(new Set([...p1.data, ...p2.data].map((m) => m.email)).size).toBe(4);
    const pending = (await t.app.inject({ url: '/api/v1/members?status=pending', headers: { cookie: owner.cookie } })).json() as { data: unknown[] };
    expect(pending.data).toHaveLength(3);
    expect((await t.app.inject({ url: '/api/v1/members?cursor=garbage', headers: { cookie: owner.cookie } })).statusCode).toBe(400);
  });

  it('refuses a duplicate email, case-insensitively', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: owner.cookie }, payload: { email: owner.email.toUpperCase(), role: 'user' } });
    expect(r.statusCode).toBe(409);
  });

  it('users invite guests only; login-only members and guests invite nobody', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const user = await buildMember(t, owner, 'user');
    const loginOnly = await buildMember(t, owner, 'login_only');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: user.cookie }, payload: { email: uniqueEmail(), role: 'user' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: user.cookie }, payload: { email: uniqueEmail(), role: 'guest' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: loginOnly.cookie }, payload: { email: uniqueEmail(), role: 'guest' } })).statusCode).toBe(403);
  });

  it("member B cannot change member A's role, and nobody demotes the owner", async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await buildMember(t, owner, 'user');
    const b = await buildMember(t, owner, 'user');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${a.id}`, headers: { cookie: b.cookie }, payload: { role: 'guest' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/members/${a.id}/disable`, headers: { cookie: b.cookie } })).statusCode).toBe(403);
    const admin = await buildMember(t, owner, 'admin');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${owner.id}`, headers: { cookie: admin.cookie }, payload: { role: 'user' } })).statusCode).toBe(403);
    const promote = await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${a.id}`, headers: { cookie: admin.cookie }, payload: { role: 'admin' } });
    expect(promote.json()).toMatchObject({ role: 'admin' });
  });

  it('disabling a member ends their sessions and blocks sign-in until enabled', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const m = await buildMember(t, owner);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/members/${m.id}/disable`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ status: 'disabled' });
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: m.cookie } })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: m.email, password: 'correct horse battery staple' } });
    expect(login.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/members/${m.id}/enable`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ status: 'active' });
  });
});
