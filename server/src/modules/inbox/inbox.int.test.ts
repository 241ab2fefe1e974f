import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, signIn } from '../../../test/factories.ts';
import { accountWithNumber, countMessages, freePort, openStream, postSms, shareAccount, smsParams, testTwilioToken, waitFor } from '../../../test/messaging.ts';

const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
const get = useTestApp({ publicUrl, messaging: { webhookAuthToken: testTwilioToken } });
beforeAll(async () => {
  await get().app.listen({ host: '127.0.0.1', port });
});
afterAll(() => get().app.close());

type Msg = { id: string; accountId: string; code: string | null; codeExpiresAt: string | null; bodyText: string; channel: string };
const minute = 60_000;

async function inbox(cookie: string, query = ''): Promise<Msg[]> {
  const res = await get().app.inject({ url: `/api/v1/inbox/messages${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { data: Msg[] }).data;
}

describe('Shared Inbox', () => {
  it('shows a Collaborator the messages and codes of accounts shared with them, and another member nothing', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const bob = await buildMember(t, owner);
    const a = await accountWithNumber(t, owner, 'Shared with Mia');
    const grant = await shareAccount(t, owner, a.accountId, mia.id);
    expect((await postSms(t, publicUrl, smsParams(a.e164, 'Your verification code is 918273'))).statusCode).toBe(200);

    expect(await inbox(mia.cookie)).toEqual([expect.objectContaining({ accountId: a.accountId, code: '918273', channel: 'sms' })]);
    expect(await inbox(owner.cookie)).toHaveLength(1);
    expect(await inbox(bob.cookie)).toEqual([]);
    const forbidden = await t.app.inject({ url: `/api/v1/inbox/messages?accountId=${a.accountId}`, headers: { cookie: bob.cookie } });
    expect(forbidden.statusCode).toBe(404);

    // Each read is an audited event naming the accounts, never a body or code.
    const reads = await t.database.pool.query<{ actor_id: string; data: { accountIds: string[]; count: number } }>(`select actor_id, data from activity_events where type = 'inbox.messages_read' and workspace_id = $1 order by seq`, [owner.workspaceId]);
    expect(reads.rows.map((r) => r.actor_id)).toEqual([mia.id, owner.id]);
    expect(reads.rows[0]!.data).toMatchObject({ accountIds: [a.accountId], count: 1, via: 'list' });
    expect(JSON.stringify(reads.rows)).not.toContain('918273');

    // Visibility is decided at read time: once the grant goes, so do the messages.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${a.accountId}/grants/${grant}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    expect(await inbox(mia.cookie)).toEqual([]);
  });

  it('hides the code after codeVisibilityMinutes but keeps the message', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await accountWithNumber(t, owner, 'Window');
    await postSms(t, publicUrl, smsParams(a.e164, 'Code: 445566'));
    const [fresh] = await inbox(owner.cookie, `?accountId=${a.accountId}`);
    expect(fresh).toMatchObject({ code: '445566' });
    expect(new Date(fresh!.codeExpiresAt!).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(10 * minute);
    t.clock.advance(10 * minute + 1);
    const [later] = await inbox(owner.cookie, `?accountId=${a.accountId}`);
    t.clock.set(new Date());
    expect(later).toMatchObject({ code: null, codeExpiresAt: null, bodyText: 'Code: 445566' });
  });

  it('pages newest first with a cursor', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await accountWithNumber(t, owner, 'Pages');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      await postSms(t, publicUrl, smsParams(a.e164, `message ${i}`));
    }
    const first = (await t.app.inject({ url: `/api/v1/inbox/messages?accountId=${a.accountId}&limit=2`, headers: { cookie: owner.cookie } })).json() as { data: Msg[]; page: { nextCursor: string } };
    expect(first.data.map((m) => m.bodyText)).toEqual(['message 2', 'message 1']);
    const second = (await t.app.inject({ url: `/api/v1/inbox/messages?accountId=${a.accountId}&limit=2&cursor=${first.page.nextCursor}`, headers: { cookie: owner.cookie } })).json() as { data: Msg[]; page: { nextCursor: string | null } };
    expect(second.data.map((m) => m.bodyText)).toEqual(['message 0']);
    expect(second.page.nextCursor).toBeNull();
  });

  it('pushes a new message within a second to every open inbox that may see it, and to no other', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const bob = await buildMember(t, owner);
    const a = await accountWithNumber(t, owner, 'Live');
    await shareAccount(t, owner, a.accountId, mia.id);
    const other = await accountWithNumber(t, owner, 'Another account');
    // An account the viewer cannot see is missing, for the stream as for the list.
    expect((await fetch(`${publicUrl}/api/v1/inbox/stream?accountId=${a.accountId}`, { headers: { cookie: bob.cookie } })).status).toBe(404);
    const [ownerStream, miaStream, bobStream, otherTab] = await Promise.all([
      openStream<Msg>(publicUrl, owner.cookie),
      openStream<Msg>(publicUrl, mia.cookie),
      openStream<Msg>(publicUrl, bob.cookie),
      openStream<Msg>(publicUrl, owner.cookie, `?accountId=${other.accountId}`),
    ]);
    try {
      const sentAt = Date.now();
      expect((await postSms(t, publicUrl, smsParams(a.e164, 'Your code is 135790'))).statusCode).toBe(200);
      await waitFor(() => ownerStream.events.length > 0 && miaStream.events.length > 0, 1000);
      expect(miaStream.events[0]).toMatchObject({ accountId: a.accountId, code: '135790' });
      expect(Math.max(ownerStream.arrivals[0]!, miaStream.arrivals[0]!) - sentAt).toBeLessThan(1000);
      // Each pushed message is a read, and audited as one.
      const pushed = await t.database.pool.query(`select 1 from activity_events where type = 'inbox.messages_read' and actor_id = $1 and data->>'via' = 'stream'`, [mia.id]);
      expect(pushed.rowCount).toBe(1);
      // Sent once, not again on the next poll.
      await new Promise((r) => setTimeout(r, 1200));
      expect(miaStream.events).toHaveLength(1);
      expect(bobStream.events).toEqual([]);
      // An account's own Inbox tab gets only that account's messages.
      expect(otherTab.events).toEqual([]);
    } finally {
      for (const s of [ownerStream, miaStream, bobStream, otherTab]) s.close();
    }
  });

  it('purges messages past the retention period', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await accountWithNumber(t, owner, 'Old');
    await postSms(t, publicUrl, smsParams(a.e164, 'old news 123456'));
    const before = await countMessages(t);
    t.clock.advance(29 * 86_400_000);
    expect(await t.services.messaging.inbox.purgeExpired()).toBe(0);
    t.clock.advance(2 * 86_400_000);
    const purged = await t.services.messaging.inbox.purgeExpired();
    t.clock.set(new Date());
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await countMessages(t)).toBe(before - purged);
    owner.cookie = await signIn(t, owner.email);
    expect(await inbox(owner.cookie, `?accountId=${a.accountId}`)).toEqual([]);
  });
});
