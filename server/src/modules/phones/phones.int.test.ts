import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, signIn } from '../../../test/factories.ts';
import { accountWithNumber, shareAccount } from '../../../test/messaging.ts';

const get = useTestApp({ messaging: { localRange: { from: '+15550100000', to: '+15550100009' }, quarantineDays: 90 } });
const dayMs = 86_400_000;

type Num = { id: string; e164: string; status: string; accountId: string | null; quarantineUntil: string | null };

describe('managed phone numbers', () => {
  it('assigns one number per account from the local range, releases into quarantine and reuses only after it', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const phones = t.services.messaging.phones;
    const a = await accountWithNumber(t, owner, 'A');
    expect(a.e164).toMatch(/^\+1555010000\d$/);
    // One number per account: asking again returns the same one.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${a.accountId}/managed-phone`, headers: { cookie: owner.cookie } });
    expect(again.json()).toMatchObject({ e164: a.e164, status: 'assigned', accountId: a.accountId });

    const released = await t.database.tx((tx) => phones.releaseForAccount(tx, a.accountId));
    expect(released).toMatchObject({ e164: a.e164, status: 'quarantined', accountId: null });
    expect(released!.quarantineUntil!.getTime() - t.clock.now().getTime()).toBe(90 * dayMs);

    // Within the quarantine the number is never handed out again.
    const b = await accountWithNumber(t, owner, 'B');
    expect(b.e164).not.toBe(a.e164);
    // Sessions last a day; moving the clock by months needs a fresh sign-in.
    t.clock.advance(89 * dayMs);
    owner.cookie = await signIn(t, owner.email);
    const c = await accountWithNumber(t, owner, 'C');
    expect([b.e164]).not.toContain(c.e164);
    expect(c.e164).not.toBe(a.e164);

    // After it, the pool's oldest free number is reused before the range grows.
    t.clock.advance(2 * dayMs);
    owner.cookie = await signIn(t, owner.email);
    const d = await accountWithNumber(t, owner, 'D');
    expect(d.e164).toBe(a.e164);
    t.clock.set(new Date());
  });

  it('releases the number (and the managed address) when the account is deleted', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await accountWithNumber(t, owner, 'Doomed');
    const email = (await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${a.accountId}/managed-email`, headers: { cookie: owner.cookie } })).json() as { address: string };
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${a.accountId}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    const n = (await t.database.pool.query<{ status: string; account_id: string | null }>('select status, account_id from phone_numbers where e164 = $1 and status <> $2', [a.e164, 'retired'])).rows[0];
    expect(n).toEqual({ status: 'quarantined', account_id: null });
    expect(await t.services.messaging.emailAddresses.recipient(email.address)).toBeNull();
    const events = await t.database.pool.query<{ type: string; actor_id: string }>(`select type, actor_id from activity_events where workspace_id = $1 and type = 'phone_number.released'`, [owner.workspaceId]);
    expect(events.rows).toEqual([{ type: 'phone_number.released', actor_id: owner.id }]);
  });

  it('never binds a number twice, even under concurrent assignment', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ids = await Promise.all(['E1', 'E2', 'E3'].map(async (label) => ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label } })).json() as { id: string }).id));
    const got = await Promise.all(ids.map((accountId) => t.database.tx((tx) => t.services.messaging.phones.assignNumber(tx, { workspaceId: owner.workspaceId, accountId }))));
    expect(new Set(got.map((n) => n.e164)).size).toBe(3);
    const live = await t.database.pool.query<{ n: number }>(`select count(*)::int n from phone_numbers where status = 'assigned' group by e164 having count(*) > 1`);
    expect(live.rows).toEqual([]);
  });

  it('says clearly when the local range is used up', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    let last = await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: owner.cookie } });
    for (let i = 0; i < 12 && last.statusCode === 201; i++) last = await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: owner.cookie } });
    expect(last.statusCode).toBe(503);
    expect(last.json()).toMatchObject({ code: 'unavailable', detail: expect.stringMatching(/local range .* is in use\. Widen LATCHKEY_SMS_LOCAL_RANGE/) });
  });
});

describe('phone number admin API', () => {
  it('lets admins list and add numbers, retire only free ones, and refuses everyone else', async () => {
    const t = get();
    const owner = await buildWorkspace(t, 'Pool Co');
    const user = await buildMember(t, owner);
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: owner.cookie } });
    // The range may be used up by the test above; this workspace still lists what it owns.
    const list = (await t.app.inject({ url: '/api/v1/phone-numbers', headers: { cookie: owner.cookie } })).json() as { data: Num[] };
    if (added.statusCode === 201) expect(list.data.map((n) => n.id)).toContain((added.json() as Num).id);
    expect((await t.app.inject({ url: '/api/v1/phone-numbers', headers: { cookie: user.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: user.cookie } })).statusCode).toBe(403);
  });

  it('retires a number only once nobody can be reached through it', async () => {
    const t = get();
    const owner = await buildWorkspace(t, 'Retire Co');
    const acc = ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'R' } })).json() as { id: string }).id;
    // Take a number straight from the pool table so this test does not depend on the shared range.
    await t.database.pool.query(`insert into phone_numbers (id, workspace_id, e164, provider, status, account_id, assigned_at) values (gen_random_uuid(), $1, '+15550199999', 'local', 'assigned', $2, now())`, [owner.workspaceId, acc]);
    const n = (await t.database.pool.query<{ id: string }>(`select id from phone_numbers where e164 = '+15550199999'`)).rows[0]!;
    const bound = await t.app.inject({ method: 'POST', url: `/api/v1/phone-numbers/${n.id}/retire`, headers: { cookie: owner.cookie } });
    expect(bound.statusCode).toBe(409);
    expect(bound.json().detail).toMatch(/bound to an account/);
    await t.database.tx((tx) => t.services.messaging.phones.releaseForAccount(tx, acc));
    const quarantined = await t.app.inject({ method: 'POST', url: `/api/v1/phone-numbers/${n.id}/retire`, headers: { cookie: owner.cookie } });
    expect(quarantined.statusCode).toBe(409);
    expect(quarantined.json().detail).toMatch(/quarantined until/);
    t.clock.advance(91 * dayMs);
    owner.cookie = await signIn(t, owner.email);
    const retired = await t.app.inject({ method: 'POST', url: `/api/v1/phone-numbers/${n.id}/retire`, headers: { cookie: owner.cookie } });
    t.clock.set(new Date());
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired' });
    const events = await t.database.pool.query<{ type: string }>(`select type from activity_events where workspace_id = $1 and target_id = $2 order by seq`, [owner.workspaceId, n.id]);
    expect(events.rows.map((e) => e.type)).toEqual(['phone_number.released', 'phone_number.retired']);
  });

  it('gives a number only to account Owners: Collaborators are refused, others do not see the account', async () => {
    const t = get();
    const owner = await buildWorkspace(t, 'Share Co');
    const mia = await buildMember(t, owner);
    const bob = await buildMember(t, owner);
    const acc = ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'Shared' } })).json() as { id: string }).id;
    await shareAccount(t, owner, acc, mia.id);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${acc}/managed-phone`, headers: { cookie: mia.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${acc}/managed-phone`, headers: { cookie: bob.cookie } })).statusCode).toBe(404);
  });
});
