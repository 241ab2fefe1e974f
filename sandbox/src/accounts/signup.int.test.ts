import { describe, expect, test } from 'vitest';
import { codeForStep, parseTotpSecret } from '../../../server/src/lib/totp/index.ts';
import { GOOD_PASSWORD, nextPhone } from '../test/people.ts';
import { useSandbox, type SandboxHarness } from '../test/harness.ts';

const h = useSandbox();

/** Posts a form the way a browser does, returning the response and the session cookie if one was set. */
async function post(x: SandboxHarness, url: string, fields: Record<string, string>, cookie?: string) {
  const res = await x.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString() });
  const set = res.cookies.find((c) => c.name === 'sbx_session');
  return { res, cookie: set ? `sbx_session=${set.value}` : cookie };
}

function challengeOf(body: string): string {
  const m = /name="challenge" value="([^"]+)"/.exec(body);
  if (!m?.[1]) throw new Error('no code form on the page');
  return m[1];
}

async function invite(email: string, rules?: string): Promise<string> {
  const biz = await h().business(rules ? { rules } : {});
  await h().api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email, role: 'MANAGER' }] });
  return h().inviteToken(email);
}

describe('signup page', () => {
  test('shows the invited email read-only and the published rule in words', async () => {
    const token = await invite('show@acme.test');
    const res = await h().app.inject({ method: 'GET', url: `/signup?token=${encodeURIComponent(token)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<input id="email" name="email" type="email" value="show@acme.test" readonly/);
    expect(res.body).toContain('<label for="password">Password</label>');
    expect(res.body).toContain('Between 12 and 64 characters');
    expect(res.body).toContain('At least one of - ! # $ % * + = ? _');
  });

  test('an unknown link is a clear 404 page', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/signup?token=nope' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This invitation link is not valid');
  });

  test('rejects a password that breaks the rule and a phone that is not E.164, listing both', async () => {
    const token = await invite('weak@acme.test');
    const { res } = await post(h(), '/signup', { token, password: 'short', phone: '555-0100' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('The password is 5 characters long; at least 12 required.');
    expect(res.body).toContain('needs at least one character from: upper');
    expect(res.body).toContain('international form');
    expect(res.body).toContain('value="555-0100"');
    expect(await h().services.carrier.recent(100)).not.toContainEqual(expect.objectContaining({ toNumber: '555-0100' }));
  });

  test('a business with its own rule enforces that rule', async () => {
    const token = await invite('pin@acme.test', 'minlength: 20; required: digit;');
    const { res } = await post(h(), '/signup', { token, password: GOOD_PASSWORD, phone: nextPhone() });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('at least 20 required');
  });

  test('the phone must be proven: wrong codes count down, the right one creates the member and accepts the invite', async () => {
    const token = await invite('ok@acme.test');
    const phone = nextPhone();
    const step1 = await post(h(), '/signup', { token, password: GOOD_PASSWORD, phone: `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}` });
    expect(step1.res.statusCode).toBe(200);
    expect(step1.res.body).toContain('autocomplete="one-time-code"');
    const challenge = challengeOf(step1.res.body);
    const code = await h().lastSmsCode(phone);

    const wrong = await post(h(), '/signup/verify', { challenge, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.res.statusCode).toBe(422);
    expect(wrong.res.body).toContain('That code is not right. 4 tries left.');

    const right = await post(h(), '/signup/verify', { challenge, code });
    expect(right.res.statusCode).toBe(303);
    expect(right.res.headers.location).toBe('/account?welcome=1');
    const account = await h().app.inject({ method: 'GET', url: '/account?welcome=1', headers: { cookie: right.cookie ?? '' } });
    expect(account.body).toContain('ok@acme.test');
    expect(account.body).toContain('MANAGER');
    expect(account.body).toContain(phone);

    // The link is spent, and the code cannot be replayed.
    expect((await h().app.inject({ method: 'GET', url: `/signup?token=${encodeURIComponent(token)}` })).statusCode).toBe(410);
    expect((await post(h(), '/signup/verify', { challenge, code })).res.body).toContain('ended');
  });

  test('five wrong codes end the challenge; a new code starts it again', async () => {
    const token = await invite('five@acme.test');
    const phone = nextPhone();
    const challenge = challengeOf((await post(h(), '/signup', { token, password: GOOD_PASSWORD, phone })).res.body);
    const code = await h().lastSmsCode(phone);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await post(h(), '/signup/verify', { challenge, code: wrongCode });
    expect((await post(h(), '/signup/verify', { challenge, code })).res.body).toContain('Too many wrong codes');
    await post(h(), '/signup/resend', { challenge });
    const fresh = await h().lastSmsCode(phone);
    expect((await post(h(), '/signup/verify', { challenge, code: fresh })).res.statusCode).toBe(303);
  });

  test('codes expire after 10 minutes', async () => {
    const token = await invite('late@acme.test');
    const phone = nextPhone();
    const challenge = challengeOf((await post(h(), '/signup', { token, password: GOOD_PASSWORD, phone })).res.body);
    h().clock.advance(10 * 60_000 + 1);
    expect((await post(h(), '/signup/verify', { challenge, code: await h().lastSmsCode(phone) })).res.body).toContain('The code has expired');
  });
});

describe('login and account', () => {
  async function signedUp(email: string): Promise<{ phone: string; cookie: string }> {
    const token = await invite(email);
    const phone = nextPhone();
    const challenge = challengeOf((await post(h(), '/signup', { token, password: GOOD_PASSWORD, phone })).res.body);
    const done = await post(h(), '/signup/verify', { challenge, code: await h().lastSmsCode(phone) });
    return { phone, cookie: done.cookie ?? '' };
  }

  test('password plus SMS code; a wrong password says so without naming which part', async () => {
    const { phone } = await signedUp('login@acme.test');
    expect((await post(h(), '/login', { email: 'login@acme.test', password: 'Wrong-Password-1' })).res.body).toContain('The email or password is wrong.');
    expect((await post(h(), '/login', { email: 'nobody@acme.test', password: GOOD_PASSWORD })).res.body).toContain('The email or password is wrong.');
    const step = await post(h(), '/login', { email: 'LOGIN@acme.test', password: GOOD_PASSWORD });
    expect(step.res.body).toContain(`+1 ••• ••• ${phone.slice(-4)}`);
    const done = await post(h(), '/login/verify', { challenge: challengeOf(step.res.body), code: await h().lastSmsCode(phone) });
    expect(done.res.headers.location).toBe('/account');
    expect(done.cookie).toMatch(/^sbx_session=/);
  });

  test('change password (rule enforced, current password required)', async () => {
    const { cookie } = await signedUp('pw@acme.test');
    expect((await post(h(), '/account/password', { current: 'nope', next: 'Another-Good-77' }, cookie)).res.body).toContain('The current password is wrong.');
    expect((await post(h(), '/account/password', { current: GOOD_PASSWORD, next: 'alllowercase-but-long' }, cookie)).res.body).toContain('needs at least one character from: upper');
    expect((await post(h(), '/account/password', { current: GOOD_PASSWORD, next: 'Another-Good-77' }, cookie)).res.body).toContain('Your password was changed.');
    expect((await post(h(), '/login', { email: 'pw@acme.test', password: 'Another-Good-77' })).res.body).toContain('one-time-code');
  });

  test('change phone: the new number must echo its code before it replaces the old one', async () => {
    const { phone, cookie } = await signedUp('ph@acme.test');
    const newPhone = nextPhone();
    const step = await post(h(), '/account/phone', { phone: newPhone }, cookie);
    const challenge = challengeOf(step.res.body);
    const code = await h().lastSmsCode(newPhone);
    expect((await post(h(), '/account/phone/verify', { challenge, code: code === '000000' ? '111111' : '000000', phone: newPhone }, cookie)).res.body).toContain('not right');
    expect((await h().app.inject({ method: 'GET', url: '/account', headers: { cookie } })).body).toContain(phone);
    expect((await post(h(), '/account/phone/verify', { challenge, code, phone: newPhone }, cookie)).res.body).toContain(`Your phone number is now ${newPhone}`);
  });

  test('with TOTP turned on, login asks for the authenticator code instead of texting one', async () => {
    const { phone, cookie } = await signedUp('totp@acme.test');
    const page = (await h().app.inject({ method: 'GET', url: '/account', headers: { cookie } })).body;
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page)?.[1] ?? '';
    const params = parseTotpSecret(secret);
    const now = (): string => codeForStep(params, Math.floor(h().clock.now().getTime() / 30_000));
    expect((await post(h(), '/account/totp/enable', { secret, code: '000000' === now() ? '111111' : '000000' }, cookie)).res.body).toContain('not right');
    expect((await post(h(), '/account/totp/enable', { secret, code: now() }, cookie)).res.body).toContain('Authenticator app turned on');

    const sms = (await h().services.carrier.recent(500)).filter((m) => m.toNumber === phone).length;
    const step = await post(h(), '/login', { email: 'totp@acme.test', password: GOOD_PASSWORD });
    expect(step.res.body).toContain('Code from your authenticator app');
    expect((await h().services.carrier.recent(500)).filter((m) => m.toNumber === phone).length).toBe(sms);
    const done = await post(h(), '/login/verify', { challenge: challengeOf(step.res.body), code: now(), method: 'TOTP' });
    expect(done.res.headers.location).toBe('/account');
  });

  test('the account page needs a session', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  test('form posts from another site are refused', async () => {
    const res = await h().app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, payload: 'email=a&password=b' });
    expect(res.statusCode).toBe(403);
  });
});
