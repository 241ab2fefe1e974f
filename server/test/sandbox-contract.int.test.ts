import { describe, expect, it } from 'vitest';
import { addMember } from '../../sandbox/src/test/people.ts';
import { createSandboxConnector } from '../src/connectors/sandbox/connector.ts';
import { useTestApp, type TestApp } from './app.ts';
import { buildMember, buildWorkspace, type SignedInMember } from './factories.ts';
import { drainJobs } from './jobs.ts';
import { connectSandboxHub, sandboxList, useRunningSandbox, type SbInvite, type SbMember } from './sandbox.ts';

/**
 * Latchkey against a running Sandbox Business Center: real HTTP on 127.0.0.1, real PostgreSQL for
 * both, the real connector. Nothing is faked on either side.
 */
const { sandbox, baseUrl } = useRunningSandbox();
const get = useTestApp({ connectors: () => [createSandboxConnector({ baseUrl: baseUrl() })] });

interface HubMember { id: string; externalEmail: string; externalUserId: string | null; state: string; memberId: string | null; isGuest: boolean; appRoles: string[]; removedBy: string | null; invite: { externalInviteId: string | null; status: string | null } | null }

async function table(t: TestApp, who: SignedInMember, hubId: string, tab: string): Promise<HubMember[]> {
  const r = await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=${tab}`, headers: { cookie: who.cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { data: HubMember[] }).data;
}
const emails = (rows: HubMember[]): string[] => rows.map((m) => m.externalEmail).sort();

async function hubOf(t: TestApp, who: SignedInMember, hubId: string): Promise<Record<string, unknown>> {
  return (await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: who.cookie } })).json() as Record<string, unknown>;
}

describe('Latchkey against a running Sandbox Business Center', () => {
  it('connects, imports members, roles, assets and invites, sorts the four tables, invites with assets, and removes in the app', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const ana = await buildMember(t, owner);
    const guest = await buildMember(t, owner, 'guest');
    const newbie = await buildMember(t, owner);

    // The app side, made with the sandbox's own services and API: five members, two assets, one open invite.
    const biz = await h.business();
    const ads = await h.services.businesses.addAsset(biz.id, { kind: 'AD_ACCOUNT', name: 'Main ads' });
    const page = await h.services.businesses.addAsset(biz.id, { kind: 'PAGE', name: 'Brand page' });
    await addMember(h, biz, owner.email, 'ADMIN');
    const sbAna = await addMember(h, biz, ana.email, 'MANAGER');
    await addMember(h, biz, guest.email, 'ANALYST');
    await addMember(h, biz, 'stranger@else.test');
    await addMember(h, biz, 'contractor@else.test');
    expect((await h.api('PUT', `/api/v1/businesses/${biz.id}/assets/${ads.id}/roles/${sbAna.id}`, biz.token, { access: 'FULL' })).statusCode).toBe(200);
    expect((await h.api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email: 'later@else.test', role: 'ANALYST' }] })).statusCode).toBe(200);

    const hubId = await connectSandboxHub(t, owner, biz);
    expect(await hubOf(t, owner, hubId)).toMatchObject({ health: 'under_validation', myRole: 'owner' });
    await drainJobs(t);
    expect(await hubOf(t, owner, hubId)).toMatchObject({ health: 'healthy', syncing: false, lastSyncedAt: expect.any(String) });

    // Members and their roles, matched by email to workspace members (guests included).
    const all = await table(t, owner, hubId, 'all');
    const byEmail = new Map(all.map((m) => [m.externalEmail, m]));
    expect(byEmail.get(owner.email)).toMatchObject({ memberId: owner.id, appRoles: ['ADMIN'], externalUserId: expect.any(String) });
    expect(byEmail.get(ana.email)).toMatchObject({ memberId: ana.id, appRoles: ['MANAGER'] });
    expect(byEmail.get(guest.email)).toMatchObject({ memberId: guest.id, appRoles: ['ANALYST'], isGuest: true });
    // The pending invite is imported with its id and status.
    expect(byEmail.get('later@else.test')).toMatchObject({ memberId: null, externalUserId: null, invite: { externalInviteId: expect.any(String), status: 'pending' }, appRoles: ['ANALYST'] });
    expect(emails(await table(t, owner, hubId, 'onboarded'))).toEqual([ana.email, guest.email, owner.email].sort());
    expect(emails(await table(t, owner, hubId, 'unmatched'))).toEqual(['contractor@else.test', 'later@else.test', 'stranger@else.test']);
    expect(emails(await table(t, owner, hubId, 'guests'))).toEqual([guest.email]);
    expect(await table(t, owner, hubId, 'exempted')).toEqual([]);

    // Roles come from the connector's role model, assets from the app.
    const roles = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/app-roles`, headers: { cookie: owner.cookie } })).json() as { data: { key: string }[] };
    expect(roles.data.map((r) => r.key)).toEqual(['ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST']);
    const assets = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/assets`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; type: string; externalId: string; name: string }[] }).data;
    expect(assets.map((a) => [a.type, a.externalId, a.name])).toEqual([['ad_account', ads.id, 'Main ads'], ['page', page.id, 'Brand page']]);

    // Exempt one unmatched person; they leave the Unmatched table for the Exempted one.
    const contractor = byEmail.get('contractor@else.test')!;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/members/${contractor.id}/exempt`, headers: { cookie: owner.cookie }, payload: { reason: 'Agency contractor' } })).statusCode).toBe(200);
    expect(emails(await table(t, owner, hubId, 'exempted'))).toEqual(['contractor@else.test']);

    // Removing unmatched people through Latchkey changes the app: a member is removed, an open invite cancelled.
    for (const who of ['stranger@else.test', 'later@else.test']) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/members/${byEmail.get(who)!.id}/remove`, headers: { cookie: owner.cookie } });
      expect(r.statusCode, r.body).toBe(202);
    }
    await drainJobs(t);
    const sbMembers = await sandboxList<SbMember>(baseUrl(), biz, 'members');
    expect(sbMembers.map((m) => m.email).sort()).toEqual(['contractor@else.test', ana.email, guest.email, owner.email].sort());
    expect((await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).find((i) => i.email === 'later@else.test')).toMatchObject({ status: 'CANCELLED' });
    const after = new Map((await table(t, owner, hubId, 'all')).map((m) => [m.externalEmail, m]));
    expect(after.get('stranger@else.test')).toMatchObject({ state: 'removed', removedBy: 'latchkey' });
    expect(after.get('later@else.test')).toMatchObject({ state: 'removed', removedBy: 'latchkey' });

    // Sharing with a seat invites in the app, with the chosen role and asset (the app's own asset id).
    const pageInLatchkey = assets.find((a) => a.type === 'page')!;
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: newbie.id }], role: 'collaborator', appRoleKeys: ['ANALYST'], assetGrants: [{ assetId: pageInLatchkey.id, access: 'full' }] } });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t);
    const job = (await t.app.inject({ url: `/api/v1/jobs/${(shared.json() as { jobId: string }).jobId}`, headers: { cookie: owner.cookie } })).json() as { status: string; children: { task: string; status: string; error: unknown }[] };
    expect(job.children.map((c) => [c.task, c.status, c.error])).toEqual([['add_user', 'completed', null]]);
    expect((await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).find((i) => i.email === newbie.email)).toMatchObject({ status: 'PENDING', role: 'ANALYST', sentCount: 1, assetGrants: [{ assetId: page.id, access: 'FULL' }] });
    expect((await table(t, owner, hubId, 'all')).find((m) => m.externalEmail === newbie.email)).toMatchObject({ state: 'pending_invite_claim', memberId: newbie.id });

    // A second sync changes nothing, and every change above is in a verifiable activity chain.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    expect(emails(await table(t, owner, hubId, 'unmatched'))).toEqual([]);
    expect(emails(await table(t, owner, hubId, 'onboarded'))).toEqual([ana.email, guest.email, newbie.email, owner.email].sort());
    expect((await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: owner.cookie } })).json()).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('halts a sync that would remove 30 % of the people, applies nothing, and applies only when asked', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    const people = [];
    for (let i = 0; i < 10; i++) people.push({ email: `p${i}.safeguard@app.test`, ...(await addMember(h, biz, `p${i}.safeguard@app.test`)) });
    const hubId = await connectSandboxHub(t, owner, biz, 'Safeguarded');
    await drainJobs(t);
    expect(await table(t, owner, hubId, 'unmatched')).toHaveLength(10);

    // Three of ten people are removed in the app itself, behind Latchkey's back.
    for (const p of people.slice(0, 3)) {
      const r = await fetch(`${baseUrl()}/api/v1/businesses/${biz.id}/members/${p.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${biz.token}` } });
      expect(r.status).toBe(200);
    }
    expect(await sandboxList<SbMember>(baseUrl(), biz, 'members')).toHaveLength(7);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);

    const halted = (await hubOf(t, owner, hubId)) as { health: string; healthReason: { code: string; remedy: string }; haltedSync: { removals: { email: string }[]; pct: number } };
    expect(halted).toMatchObject({ health: 'requires_sync', healthReason: { code: 'SyncSafeguardTripped' }, haltedSync: { pct: 20 } });
    expect(halted.haltedSync.removals.map((r) => r.email).sort()).toEqual(people.slice(0, 3).map((p) => p.email));
    expect((await table(t, owner, hubId, 'all')).filter((m) => m.state === 'removed')).toEqual([]);
    const failed = (await t.app.inject({ url: `/api/v1/jobs?hubId=${hubId}&task=sync_hub&status=not_completed`, headers: { cookie: owner.cookie } })).json() as { data: { error: { code: string; remedy: string } }[] };
    expect(failed.data[0]?.error).toMatchObject({ code: 'SyncSafeguardTripped', remedy: 'Review the removals, then Apply anyway or fix the app.' });

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync/apply`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    expect(await hubOf(t, owner, hubId)).toMatchObject({ health: 'healthy', haltedSync: null });
    const removed = (await table(t, owner, hubId, 'all')).filter((m) => m.state === 'removed');
    expect(removed.map((m) => [m.externalEmail, m.removedBy]).sort()).toEqual(people.slice(0, 3).map((p) => [p.email, 'app']));
    expect(await table(t, owner, hubId, 'unmatched')).toHaveLength(7);
  });
});
