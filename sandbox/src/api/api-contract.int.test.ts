import { describe, expect, test } from 'vitest';
import { addMember } from '../test/people.ts';
import { useSandbox } from '../test/harness.ts';

const h = useSandbox();
const base = (id: string): string => `/api/v1/businesses/${id}`;

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code, type: `urn:sandbox:problem:${code}` });
}

describe('admin API contract', () => {
  test('GET business: seats, published rule and invite lifetime', async () => {
    const biz = await h().business({ seats: 3 });
    const res = await h().api('GET', base(biz.id), biz.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: biz.id, seatLimit: 3, seatsUsed: 0, inviteTtlHours: 168, passwordRules: expect.stringContaining('minlength: 12') });
  });

  test('batch invite: one result per recipient; members and pending invites are reported, not duplicated', async () => {
    const biz = await h().business();
    const member = await addMember(h(), biz, 'member@acme.test');
    const first = await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: [{ email: 'pending@acme.test', role: 'ANALYST' }] });
    expect(first.json().results[0]).toMatchObject({ outcome: 'INVITED', invite: { status: 'PENDING', role: 'ANALYST' } });
    const mailsBefore = h().mails.length;

    const res = await h().api('POST', `${base(biz.id)}/invites`, biz.token, {
      invites: [
        { email: 'MEMBER@acme.test', role: 'ADMIN' },
        { email: 'pending@acme.test', role: 'EMPLOYEE' },
        { email: 'new@acme.test', role: 'MANAGER' },
        { email: 'New@Acme.test', role: 'MANAGER' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { email: string; outcome: string; memberId: string | null; invite: { id: string } | null }[];
    expect(results.map((r) => [r.email, r.outcome])).toEqual([
      ['member@acme.test', 'ALREADY_MEMBER'],
      ['pending@acme.test', 'ALREADY_INVITED'],
      ['new@acme.test', 'INVITED'],
      ['new@acme.test', 'ALREADY_INVITED'],
    ]);
    expect(results[0]?.memberId).toBe(member.id);
    expect(results[3]?.invite?.id).toBe(results[2]?.invite?.id);
    // Exactly one new email: the one new person.
    expect(h().mails.slice(mailsBefore).map((m) => m.to)).toEqual(['new@acme.test']);
    expect(h().mails.at(-1)?.text).toContain('http://sandbox.test/signup?token=');
  });

  test('batches hold 1 to 50 recipients', async () => {
    const biz = await h().business();
    const many = Array.from({ length: 51 }, (_, i) => ({ email: `p${i}@acme.test`, role: 'ANALYST' }));
    expectProblem(await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: many }), 400, 'validation_failed');
    expectProblem(await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: [] }), 400, 'validation_failed');
    const fifty = await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: many.slice(0, 50) });
    expect(fifty.json().results).toHaveLength(50);
  });

  test('list members and invites with cursor pagination', async () => {
    const biz = await h().business();
    // Members page in join order; a second apart so the order is known (ties fall back to the id).
    for (const n of [1, 2, 3]) {
      await addMember(h(), biz, `m${n}@page.test`);
      h().clock.advance(1000);
    }
    await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: ['a', 'b', 'c'].map((x) => ({ email: `${x}@inv.test`, role: 'ANALYST' })) });

    const p1 = await h().api('GET', `${base(biz.id)}/members?limit=2`, biz.token);
    expect(p1.json().data.map((m: { email: string }) => m.email)).toEqual(['m1@page.test', 'm2@page.test']);
    const cursor = p1.json().page.nextCursor as string;
    const p2 = await h().api('GET', `${base(biz.id)}/members?limit=2&cursor=${cursor}`, biz.token);
    expect(p2.json()).toMatchObject({ data: [{ email: 'm3@page.test', role: 'EMPLOYEE', twoFactor: 'SMS' }], page: { nextCursor: null } });

    // One batch shares a timestamp, so only the pages' union and disjointness are promised.
    const invites = await h().api('GET', `${base(biz.id)}/invites?limit=2`, biz.token);
    expect(invites.json().data).toHaveLength(2);
    expect(invites.json().data[0]).toMatchObject({ status: 'PENDING', expiresAt: new Date(h().clock.now().getTime() + 168 * 3_600_000).toISOString() });
    const rest = await h().api('GET', `${base(biz.id)}/invites?cursor=${invites.json().page.nextCursor}`, biz.token);
    expect(rest.json().page.nextCursor).toBeNull();
    const emails = [...invites.json().data, ...rest.json().data].map((i: { email: string }) => i.email);
    expect(emails.sort()).toEqual(['a@inv.test', 'b@inv.test', 'c@inv.test']);
    const accepted = await h().api('GET', `${base(biz.id)}/invites?status=ACCEPTED`, biz.token);
    expect(accepted.json().data).toHaveLength(3);
    expectProblem(await h().api('GET', `${base(biz.id)}/members?cursor=garbage`, biz.token), 400, 'validation_failed');
  });

  test('update a role; remove a member, which also cancels their pending invite', async () => {
    const biz = await h().business();
    const m = await addMember(h(), biz, 'role@acme.test');
    const upd = await h().api('PATCH', `${base(biz.id)}/members/${m.id}`, biz.token, { role: 'MANAGER' });
    expect(upd.json()).toMatchObject({ id: m.id, role: 'MANAGER' });

    // A second business invites the same person; that invite must survive removal from the first.
    const other = await h().business();
    await h().api('POST', `${base(other.id)}/invites`, other.token, { invites: [{ email: 'role@acme.test', role: 'ANALYST' }] });
    const del = await h().api('DELETE', `${base(biz.id)}/members/${m.id}`, biz.token);
    expect(del.json()).toEqual({ removed: true, cancelledInvites: 0 });
    expect((await h().api('GET', `${base(biz.id)}/members`, biz.token)).json().data).toEqual([]);
    expect((await h().api('GET', `${base(other.id)}/invites`, other.token)).json().data).toHaveLength(1);
    expectProblem(await h().api('DELETE', `${base(biz.id)}/members/${m.id}`, biz.token), 404, 'not_found');
  });

  test('removing a member cancels a pending re-invite for the same email', async () => {
    const biz = await h().business();
    const m = await addMember(h(), biz, 'again@acme.test');
    // Simulates a stray pending invite left for an existing member (e.g. sent by another admin tool).
    await h().database.pool.query(`INSERT INTO sandbox.invites (id, business_id, email, role, status, token_hash, expires_at, created_at, updated_at)
      VALUES (gen_random_uuid(), $1, 'again@acme.test', 'ANALYST', 'PENDING', '\\x01', now() + interval '1 day', now(), now())`, [biz.id]);
    const del = await h().api('DELETE', `${base(biz.id)}/members/${m.id}`, biz.token);
    expect(del.json()).toEqual({ removed: true, cancelledInvites: 1 });
    expect((await h().api('GET', `${base(biz.id)}/invites?status=CANCELLED`, biz.token)).json().data).toHaveLength(1);
  });

  test('resend and cancel an invite', async () => {
    const biz = await h().business();
    const inv = (await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: [{ email: 'rs@acme.test', role: 'EMPLOYEE' }] })).json().results[0].invite;
    const oldToken = h().inviteToken('rs@acme.test');
    h().clock.advance(3_600_000);
    const resent = await h().api('POST', `${base(biz.id)}/invites/${inv.id}/resend`, biz.token);
    expect(resent.json()).toMatchObject({ id: inv.id, sentCount: 2, status: 'PENDING', expiresAt: new Date(h().clock.now().getTime() + 168 * 3_600_000).toISOString() });
    expect(h().inviteToken('rs@acme.test')).not.toBe(oldToken);
    expect(await h().services.invites.inspect(oldToken)).toBeNull();

    const cancelled = await h().api('DELETE', `${base(biz.id)}/invites/${inv.id}`, biz.token);
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });
    expectProblem(await h().api('DELETE', `${base(biz.id)}/invites/${inv.id}`, biz.token), 409, 'invite_not_open');
    expectProblem(await h().api('POST', `${base(biz.id)}/invites/${inv.id}/resend`, biz.token), 409, 'invite_not_open');
  });

  test('assets: list, assign full and partial roles, unassign; invites carry grants applied on signup', async () => {
    const biz = await h().business();
    const ad = await h().services.businesses.addAsset(biz.id, { kind: 'AD_ACCOUNT', name: 'Main ad account' });
    h().clock.advance(1000); // assets list oldest first
    const pg = await h().services.businesses.addAsset(biz.id, { kind: 'PAGE', name: 'Brand page' });
    await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: [{ email: 'grant@acme.test', role: 'EMPLOYEE', assetGrants: [{ assetId: pg.id, access: 'PARTIAL', permissions: ['CREATE_CONTENT'] }] }] });
    const m = await addMember(h(), biz, 'grant@acme.test');

    const put = await h().api('PUT', `${base(biz.id)}/assets/${ad.id}/roles/${m.id}`, biz.token, { access: 'FULL' });
    expect(put.json()).toEqual({ userId: m.id, access: 'FULL', permissions: ['VIEW_PERFORMANCE', 'MANAGE_CAMPAIGNS', 'MANAGE_BILLING'] });
    const list = (await h().api('GET', `${base(biz.id)}/assets`, biz.token)).json().data;
    expect(list).toEqual([
      { id: ad.id, kind: 'AD_ACCOUNT', name: 'Main ad account', roles: [{ userId: m.id, access: 'FULL', permissions: ['VIEW_PERFORMANCE', 'MANAGE_CAMPAIGNS', 'MANAGE_BILLING'] }] },
      { id: pg.id, kind: 'PAGE', name: 'Brand page', roles: [{ userId: m.id, access: 'PARTIAL', permissions: ['CREATE_CONTENT'] }] },
    ]);
    expectProblem(await h().api('PUT', `${base(biz.id)}/assets/${ad.id}/roles/${m.id}`, biz.token, { access: 'PARTIAL', permissions: ['MODERATE'] }), 400, 'validation_failed');
    expectProblem(await h().api('PUT', `${base(biz.id)}/assets/${ad.id}/roles/${m.id}`, biz.token, { access: 'PARTIAL', permissions: [] }), 400, 'validation_failed');
    expect((await h().api('DELETE', `${base(biz.id)}/assets/${ad.id}/roles/${m.id}`, biz.token)).statusCode).toBe(204);
    expectProblem(await h().api('DELETE', `${base(biz.id)}/assets/${ad.id}/roles/${m.id}`, biz.token), 404, 'not_found');
    expectProblem(await h().api('POST', `${base(biz.id)}/invites`, biz.token, { invites: [{ email: 'x@acme.test', role: 'ANALYST', assetGrants: [{ assetId: ad.id, access: 'PARTIAL', permissions: ['MODERATE'] }] }] }), 400, 'validation_failed');
  });

  test('documented auth errors: missing, unknown, revoked, foreign token; invalid business id', async () => {
    const biz = await h().business();
    const other = await h().business();
    expectProblem(await h().api('GET', `${base(biz.id)}/members`, null), 401, 'unauthenticated');
    expectProblem(await h().api('GET', `${base(biz.id)}/members`, 'sbx_nope'), 401, 'unauthenticated');
    expectProblem(await h().api('GET', `${base(biz.id)}/members`, other.token), 403, 'insufficient_permission');
    expectProblem(await h().api('GET', `${base('not-a-uuid')}/members`, biz.token), 404, 'invalid_business_id');
    expectProblem(await h().api('GET', `${base('01a20307-0000-7000-8000-000000000000')}/members`, biz.token), 404, 'invalid_business_id');
    await h().services.businesses.revokeTokens(biz.id, null);
    const revoked = await h().api('GET', `${base(biz.id)}/members`, biz.token);
    expectProblem(revoked, 403, 'insufficient_permission');
    expect(revoked.json().detail).toContain('revoked');
  });

  test('a token acts with its role: managers cannot touch admins, analysts only read', async () => {
    const biz = await h().business();
    const admin = await addMember(h(), biz, 'boss@acme.test', 'ADMIN');
    const manager = await h().services.businesses.createToken(biz.id, { role: 'MANAGER' });
    const analyst = await h().services.businesses.createToken(biz.id, { role: 'ANALYST' });
    expectProblem(await h().api('POST', `${base(biz.id)}/invites`, manager.token, { invites: [{ email: 'a2@acme.test', role: 'ADMIN' }] }), 403, 'insufficient_permission');
    expectProblem(await h().api('DELETE', `${base(biz.id)}/members/${admin.id}`, manager.token), 403, 'insufficient_permission');
    expectProblem(await h().api('PATCH', `${base(biz.id)}/members/${admin.id}`, manager.token, { role: 'ANALYST' }), 403, 'insufficient_permission');
    expect((await h().api('POST', `${base(biz.id)}/invites`, manager.token, { invites: [{ email: 'e@acme.test', role: 'EMPLOYEE' }] })).statusCode).toBe(200);
    expect((await h().api('GET', `${base(biz.id)}/members`, analyst.token)).statusCode).toBe(200);
    expectProblem(await h().api('POST', `${base(biz.id)}/invites`, analyst.token, { invites: [{ email: 'f@acme.test', role: 'ANALYST' }] }), 403, 'insufficient_permission');
  });
});
