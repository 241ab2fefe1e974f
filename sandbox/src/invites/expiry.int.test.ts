import { describe, expect, test } from 'vitest';
import { FormError } from '../accounts/form-error.ts';
import { useSandbox } from '../test/harness.ts';

const h = useSandbox();
const HOUR = 3_600_000;

describe('invite expiry (injectable clock)', () => {
  test('an invite is pending until exactly its TTL, then reads as expired everywhere', async () => {
    const biz = await h().business({ seats: 1 });
    const url = `/api/v1/businesses/${biz.id}/invites`;
    const sent = (await h().api('POST', url, biz.token, { invites: [{ email: 'exp@t.test', role: 'ANALYST' }] })).json().results[0].invite;
    expect(new Date(sent.expiresAt).getTime() - h().clock.now().getTime()).toBe(7 * 24 * HOUR);

    h().clock.advance(7 * 24 * HOUR - 1000);
    expect((await h().api('GET', `${url}?status=PENDING`, biz.token)).json().data).toHaveLength(1);
    h().clock.advance(1000);
    expect((await h().api('GET', `${url}?status=PENDING`, biz.token)).json().data).toHaveLength(0);
    const open = (await h().api('GET', url, biz.token)).json().data;
    expect(open).toMatchObject([{ email: 'exp@t.test', status: 'EXPIRED' }]);

    // The link shows it, and signup refuses it.
    const token = h().inviteToken('exp@t.test');
    expect((await h().app.inject({ method: 'GET', url: `/signup?token=${encodeURIComponent(token)}` })).statusCode).toBe(410);
    await expect(h().services.signup.start(token, { password: 'Correct-Horse-42', phone: '+15550101234' })).rejects.toThrow(FormError);

    // An expired invite frees its seat, so someone else fits.
    const other = await h().api('POST', url, biz.token, { invites: [{ email: 'other@t.test', role: 'ANALYST' }] });
    expect(other.json().results[0].outcome).toBe('INVITED');
  });

  test('inviting an expired person again renews the same invite with a new link', async () => {
    const biz = await h().business();
    const url = `/api/v1/businesses/${biz.id}/invites`;
    const first = (await h().api('POST', url, biz.token, { invites: [{ email: 'renew@t.test', role: 'ANALYST' }] })).json().results[0].invite;
    const oldToken = h().inviteToken('renew@t.test');
    h().clock.advance(8 * 24 * HOUR);
    const again = (await h().api('POST', url, biz.token, { invites: [{ email: 'renew@t.test', role: 'EMPLOYEE' }] })).json().results[0];
    expect(again).toMatchObject({ outcome: 'REINVITED', invite: { id: first.id, status: 'PENDING', role: 'EMPLOYEE', sentCount: 2 } });
    expect(h().inviteToken('renew@t.test')).not.toBe(oldToken);
  });

  test('resending an expired invite needs a free seat again', async () => {
    const biz = await h().business({ seats: 1 });
    const url = `/api/v1/businesses/${biz.id}/invites`;
    const stale = (await h().api('POST', url, biz.token, { invites: [{ email: 'a@t.test', role: 'ANALYST' }] })).json().results[0].invite;
    h().clock.advance(8 * 24 * HOUR);
    await h().api('POST', url, biz.token, { invites: [{ email: 'b@t.test', role: 'ANALYST' }] });
    const res = await h().api('POST', `${url}/${stale.id}/resend`, biz.token);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('seat_limit_reached');
  });

  test('the TTL is configurable per business', async () => {
    const biz = await h().business();
    await h().services.businesses.configure(biz.id, { inviteTtlHours: 1 });
    const inv = (await h().api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email: 'short@t.test', role: 'ANALYST' }] })).json().results[0].invite;
    expect(new Date(inv.expiresAt).getTime() - h().clock.now().getTime()).toBe(HOUR);
  });
});
