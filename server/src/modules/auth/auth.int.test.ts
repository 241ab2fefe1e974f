import { TOTP, Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { sessionCookieOf, useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, goodPassword, signIn, tokenFromOutbox, uniqueEmail } from '../../../test/factories.ts';

const get = useTestApp({ loginMaxFailures: 5 });

describe('first-run setup', () => {
  it('creates the workspace and signs the owner in, then refuses a second setup', async () => {
    const { app } = get();
    expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needsSetup: true });
    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'First', firstName: 'Ada', lastName: 'Owner', email: 'ada@first.test', password: goodPassword } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ member: { role: 'owner', status: 'active' }, workspace: { name: 'First', slug: 'first' } });
    const cookie = sessionCookieOf(res);
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(200);
    const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'Second', firstName: 'X', lastName: 'Y', email: 'x@second.test', password: goodPassword } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'setup_done' });
  });
});

describe('sign-in', () => {
  it('sets an httpOnly SameSite session cookie and signs out', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email.toUpperCase(), password: goodPassword } });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'lk_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    const cookie = `lk_session=${c.value}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('rate-limits ten wrong passwords in a row and stays locked even for the right one', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: `wrong-${i}` } });
      codes.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(r.json()).toMatchObject({ code: 'rate_limited' });
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429, 429, 429, 429]);
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: goodPassword } });
    expect(right.statusCode).toBe(429);
    t.clock.advance(31_000);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: goodPassword } })).statusCode).toBe(200);
  });

  it('asks for the TOTP code once two-factor is on, and checks it', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: { cookie: owner.cookie } });
    const { secret, otpauthUri } = setup.json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toContain('otpauth://totp/');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const code = () => totp.generate({ timestamp: t.clock.now().getTime() });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enable', headers: { cookie: owner.cookie }, payload: { code: '000000' === code() ? '111111' : '000000' } })).json()).toMatchObject({ code: 'invalid_totp' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enable', headers: { cookie: owner.cookie }, payload: { code: code() } })).statusCode).toBe(204);

    const noCode = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: goodPassword } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toMatchObject({ code: 'totp_required' });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: goodPassword, totpCode: code() } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ member: { mfaEnabled: true } });
  });
});

describe('password reset', () => {
  it('mails a single-use link, sets the new password and ends old sessions', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const member = await buildMember(t, owner);
    const req = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: member.email } });
    expect(req.statusCode).toBe(202);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.test' } });
    expect(unknown.statusCode).toBe(202);
    const token = await tokenFromOutbox(t, owner, member.email);
    const newPassword = 'another long passphrase';
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: newPassword } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: member.cookie } })).statusCode).toBe(401);
    await signIn(t, member.email, newPassword);
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'yet another passphrase' } });
    expect(reuse.statusCode).toBe(410);
    expect(reuse.json()).toMatchObject({ code: 'token_used' });
  });
});

describe('member invitations', () => {
  it('lets the invitee set a password through the link and sign in', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const email = uniqueEmail('ana');
    const inv = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: owner.cookie }, payload: { email, role: 'user', firstName: 'Ana' } });
    expect(inv.json()).toMatchObject({ status: 'pending', role: 'user' });
    const token = await tokenFromOutbox(t, owner, email);
    const peek = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/inspect', payload: { token } });
    expect(peek.json()).toMatchObject({ email, workspaceName: 'Acme', firstName: 'Ana' });
    const acc = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: goodPassword } });
    expect(acc.statusCode).toBe(200);
    expect(acc.json()).toMatchObject({ member: { status: 'active', email } });
    await signIn(t, email);
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: goodPassword } });
    expect(reused.statusCode).toBe(410);
    expect(reused.json()).toMatchObject({ code: 'token_used' });
  });

  it('refuses an expired invitation with a clear error, and a resent one works', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const email = uniqueEmail('late');
    const inv = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: owner.cookie }, payload: { email, role: 'user' } });
    const token = await tokenFromOutbox(t, owner, email);
    t.clock.advance(73 * 3_600_000);
    const late = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: goodPassword } });
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ code: 'token_expired' });
    expect(late.json().detail).toMatch(/expired/);
    const later = { ...owner, cookie: await signIn(t, owner.email) };
    await t.app.inject({ method: 'POST', url: `/api/v1/members/${(inv.json() as { id: string }).id}/resend-invite`, headers: { cookie: later.cookie } });
    const fresh = await tokenFromOutbox(t, later, email);
    expect(fresh).not.toBe(token);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token: fresh, password: goodPassword } })).statusCode).toBe(200);
  });

  it('rejects a garbage token', async () => {
    const { app } = get();
    const r = await app.inject({ method: 'POST', url: '/api/v1/invitations/inspect', payload: { token: 'x'.repeat(43) } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'invalid_token' });
  });
});
