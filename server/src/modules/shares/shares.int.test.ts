import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { loadManifest } from '../../connectors/catalog.ts';

const space = fakeSpace();
/** A business behind Meta's manifest, whose pixels Latchkey can list but not assign (`assignable: false`). */
const metaSpace = fakeSpace({ businessId: '123456', token: 'system-user-token', assets: [{ externalId: 'act_1', type: 'ad_account', name: 'Main ads' }, { externalId: '9001', type: 'pixel', name: 'Shop pixel' }] });
// Fifty people join through the invitation API from one address; the per-IP auth limit is tested elsewhere.
const get = useTestApp({ connectors: [fakeConnector(space), { ...fakeConnector(metaSpace), manifest: loadManifest('meta') }], authRateLimitPerMinute: 10_000 });

async function hubFor(t: TestApp, owner: SignedInMember): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: `Hub ${Math.random()}`, businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 'token', token: space.token } } });
  await drainJobs(t);
  return (r.json() as { id: string }).id;
}

/** A team created by its first member (the creator becomes Team Admin), so it holds exactly these people. */
async function team(t: TestApp, first: SignedInMember, name: string, others: string[]): Promise<string> {
  const id = ((await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: first.cookie }, payload: { name } })).json() as { id: string }).id;
  for (const m of others) await t.app.inject({ method: 'POST', url: `/api/v1/teams/${id}/members`, headers: { cookie: first.cookie }, payload: { memberId: m } });
  return id;
}

type Plan = { hash: string; rows: { email: string; action: { kind: string; roles?: string[]; toRoles?: string[] }; effective: { appRoleKeys: string[] } }[]; jobId: string | null };

async function share(t: TestApp, who: SignedInMember, hubId: string, body: object, dryRun = false): Promise<Plan> {
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares?dryRun=${dryRun}`, headers: { cookie: who.cookie }, payload: body });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Plan;
}

const summary = (p: Plan) => p.rows.map((r) => `${r.email}:${r.action.kind}:${(r.action.roles ?? r.action.toRoles ?? []).join('+')}`).sort();

/** What the person's state in the app is after the jobs ran and a sync saw it. */
function acceptAllInvites(): void {
  for (const i of space.invites.filter((x) => x.status === 'pending')) {
    i.status = 'accepted';
    space.members.push(appMember(i.email, i.roles[0]));
  }
}

describe('access shares', () => {
  it('a team of 50 gets exactly 50 invites, and sharing again sends none', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hubId = await hubFor(t, owner);
    const people = await Promise.all(Array.from({ length: 50 }, () => buildMember(t, owner)));
    const agency = await team(t, people[0]!, 'Agency', people.slice(1).map((p) => p.id));
    const body = { subjects: [{ type: 'team', id: agency }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] };
    const preview = await share(t, owner, hubId, body, true);
    expect(preview.rows.filter((r) => r.action.kind === 'invite')).toHaveLength(50);
    const applied = await share(t, owner, hubId, { ...body, previewHash: preview.hash });
    expect(summary(applied)).toEqual(summary(preview));
    await drainJobs(t);
    const invited = new Set(people.map((p) => p.email));
    expect(space.invites.filter((i) => invited.has(i.email))).toHaveLength(50);
    const job = (await t.app.inject({ url: `/api/v1/jobs/${applied.jobId}`, headers: { cookie: owner.cookie } })).json() as { status: string; children: unknown[] };
    expect(job).toMatchObject({ status: 'completed' });
    expect(job.children).toHaveLength(50);

    const again = await share(t, owner, hubId, body);
    expect(again.rows.every((r) => r.action.kind === 'none')).toBe(true);
    await drainJobs(t);
    expect(space.invites.filter((i) => invited.has(i.email))).toHaveLength(50);
    expect(space.calls.filter((c) => c.op === 'invite' && invited.has(c.email!))).toHaveLength(50);
  }, 60_000);

  it('weighted roles: two teams give Manager, losing one downgrades to Analyst, losing both removes the seat', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hubId = await hubFor(t, owner);
    const mia = await buildMember(t, owner);
    const analysts = await team(t, mia, 'Analysts', []);
    const managers = await team(t, mia, 'Managers', []);
    await share(t, owner, hubId, { subjects: [{ type: 'team', id: analysts }], role: 'collaborator', appRoleKeys: ['ANALYST'] });
    const both = await share(t, owner, hubId, { subjects: [{ type: 'team', id: managers }], role: 'collaborator', appRoleKeys: ['MANAGER'] });
    expect(both.rows[0]!.effective.appRoleKeys).toEqual(['MANAGER']);
    await drainJobs(t);
    expect(space.invites.find((i) => i.email === mia.email)?.roles).toEqual(['MANAGER']);
    acceptAllInvites();
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t);

    const downgradePreview = (await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/teams/${managers}?dryRun=true`, headers: { cookie: owner.cookie } })).json() as Plan;
    expect(summary(downgradePreview)).toEqual([`${mia.email}:update:ANALYST`]);
    const downgraded = (await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/teams/${managers}?previewHash=${downgradePreview.hash}`, headers: { cookie: owner.cookie } })).json() as Plan;
    expect(summary(downgraded)).toEqual(summary(downgradePreview));
    await drainJobs(t);
    expect(space.members.find((m) => m.email === mia.email)?.roles).toEqual(['ANALYST']);

    const removalPreview = (await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/teams/${analysts}?dryRun=true`, headers: { cookie: owner.cookie } })).json() as Plan;
    expect(summary(removalPreview)).toEqual([`${mia.email}:remove_seat:`]);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/teams/${analysts}`, headers: { cookie: owner.cookie } });
    await drainJobs(t);
    expect(space.members.find((m) => m.email === mia.email)).toBeUndefined();
  }, 60_000);

  it('refuses to apply a stale preview', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hubId = await hubFor(t, owner);
    const a = await buildMember(t, owner);
    const preview = await share(t, owner, hubId, { subjects: [{ type: 'user', id: a.id }], role: 'collaborator', appRoleKeys: ['ANALYST'] }, true);
    await share(t, owner, hubId, { subjects: [{ type: 'user', id: a.id }], role: 'collaborator', appRoleKeys: ['MANAGER'] });
    const stale = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: a.id }], role: 'collaborator', appRoleKeys: ['ANALYST'], previewHash: preview.hash } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'preview_stale' });
  });

  it('a time-boxed grant is announced ahead, expires, and the seat goes with it', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hubId = await hubFor(t, owner);
    const temp = await buildMember(t, owner);
    await share(t, owner, hubId, { subjects: [{ type: 'user', id: temp.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await drainJobs(t);
    acceptAllInvites();
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t);
    expect(space.members.some((m) => m.email === temp.email)).toBe(true);
    // Three days ahead, the grantee and the hub's Owners are told once.
    expect(await t.services.shares.remindExpiringGrants(new Date())).toBe(1);
    expect(await t.services.shares.remindExpiringGrants(new Date())).toBe(0);
    const outbox = (await t.app.inject({ url: '/api/v1/outbox', headers: { cookie: owner.cookie } })).json() as { data: { to: string; kind: string }[] };
    expect(outbox.data.filter((m) => m.kind === 'grant_expiring').map((m) => m.to).sort()).toEqual([owner.email, temp.email].sort());
    expect(await t.services.shares.expireGrants(new Date(Date.now() + 120_000))).toBe(1);
    await drainJobs(t);
    expect(space.members.some((m) => m.email === temp.email)).toBe(false);
  });

  it('grants a joined person the shared assets, narrows full access to partial, and revokes what a change takes away', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'meta', label: `Meta ${Math.random()}`, businessId: metaSpace.businessId, connectFields: { app_id: '42' }, loginMethod: 'username_password', serviceCredential: { label: 'System user', token: metaSpace.token } } });
    const hubId = (created.json() as { id: string }).id;
    // Meta would wait for the Facebook profile; this hub assigns as soon as the invite is accepted.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie }, payload: { assetsOnAcceptance: true } })).statusCode).toBe(200);
    await drainJobs(t);
    const ad = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/assets`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; type: string }[] }).data.find((a) => a.type === 'ad_account')!;
    const ivy = await buildMember(t, owner);
    await share(t, owner, hubId, { subjects: [{ type: 'user', id: ivy.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: ad.id, access: 'full', permissions: [] }] });
    await drainJobs(t);
    // Ivy accepts in the app (the invite carried no assets); the next sync grants the ad account.
    metaSpace.invites = metaSpace.invites.filter((i) => i.email !== ivy.email);
    metaSpace.members.push(appMember(ivy.email));
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t);
    const inApp = () => metaSpace.members.find((m) => m.email === ivy.email)!.assets.map((a) => [a.externalId, a.access, a.permissions.join('+')]);
    expect(inApp()).toEqual([['act_1', 'full', '']]);

    const row = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; memberId: string }[] }).data.find((p) => p.memberId === ivy.id)!;
    const patch = (assetGrants: object[]) => t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hubId}/members/${row.id}`, headers: { cookie: owner.cookie }, payload: { appRoleKeys: ['EMPLOYEE'], assetGrants } });
    expect((await patch([{ assetId: ad.id, access: 'partial', permissions: ['ANALYZE'] }])).statusCode).toBe(200);
    await drainJobs(t);
    expect(inApp()).toEqual([['act_1', 'partial', 'ANALYZE']]);
    expect((await patch([])).statusCode).toBe(200);
    await drainJobs(t);
    expect(inApp()).toEqual([]);
  });

  it('refuses a share or an update that names an asset of a type the app does not let Latchkey assign', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'meta', label: 'Meta ads', businessId: metaSpace.businessId, connectFields: { app_id: '42' }, loginMethod: 'username_password', serviceCredential: { label: 'System user', token: metaSpace.token } } });
    expect(created.statusCode, created.body).toBe(201);
    const hubId = (created.json() as { id: string }).id;
    await drainJobs(t);
    const assets = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/assets`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; type: string }[] }).data;
    const ad = assets.find((a) => a.type === 'ad_account')!;
    const pixel = assets.find((a) => a.type === 'pixel')!; // synced and listed all the same
    const apps = (await t.app.inject({ url: '/api/v1/apps', headers: { cookie: owner.cookie } })).json() as { data: { key: string; assetTypes: { type: string; assignable: boolean }[] }[] };
    expect(apps.data.find((a) => a.key === 'meta')!.assetTypes.map((x) => [x.type, x.assignable])).toEqual([['ad_account', true], ['page', true], ['product_catalog', true], ['pixel', false]]);

    const mia = await buildMember(t, owner);
    const body = { subjects: [{ type: 'user', id: mia.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: ad.id, access: 'full', permissions: [] }, { assetId: pixel.id, access: 'partial', permissions: ['ANALYZE'] }] };
    for (const dryRun of [true, false]) {
      const refused = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares?dryRun=${dryRun}`, headers: { cookie: owner.cookie }, payload: body });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringContaining('Shop pixel'), errors: [{ pointer: '/assetGrants/1' }] });
    }
    const people = async (): Promise<{ id: string; memberId: string }[]> => ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; memberId: string }[] }).data;
    expect((await people()).some((p) => p.memberId === mia.id)).toBe(false); // nothing was kept

    // Without the pixel the share goes through; adding the pixel afterwards is refused the same way.
    await share(t, owner, hubId, { ...body, assetGrants: [body.assetGrants[0]] });
    const row = (await people()).find((p) => p.memberId === mia.id)!;
    const update = await t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hubId}/members/${row.id}`, headers: { cookie: owner.cookie }, payload: { appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: pixel.id, access: 'full', permissions: [] }] } });
    expect(update.statusCode, update.body).toBe(400);
    expect(update.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/assetGrants/0' }] });
  });

  it('follows the matrix: Collaborators cannot share or remove; Managers can, but not grant Owner or touch settings', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hubId = await hubFor(t, owner);
    const collab = await buildMember(t, owner);
    const manager = await buildMember(t, owner);
    const target = await buildMember(t, owner);
    await share(t, owner, hubId, { subjects: [{ type: 'user', id: collab.id }], role: 'collaborator', appRoleKeys: ['ANALYST'] });
    await share(t, owner, hubId, { subjects: [{ type: 'user', id: manager.id }], role: 'manager', appRoleKeys: ['MANAGER'] });
    await drainJobs(t);
    const byCollab = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: collab.cookie }, payload: { subjects: [{ type: 'user', id: target.id }], role: 'collaborator' } });
    expect(byCollab.statusCode).toBe(403);
    const members = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; memberId: string }[] };
    const collabRow = members.data.find((m) => m.memberId === collab.id)!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/members/${collabRow.id}`, headers: { cookie: collab.cookie } })).statusCode).toBe(403);

    expect((await share(t, manager, hubId, { subjects: [{ type: 'user', id: target.id }], role: 'collaborator', appRoleKeys: ['ANALYST'] })).rows).toHaveLength(1);
    const asOwner = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: manager.cookie }, payload: { subjects: [{ type: 'user', id: target.id }], role: 'owner' } });
    expect(asOwner.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hubId}`, headers: { cookie: manager.cookie }, payload: { label: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hubId}/members/${collabRow.id}`, headers: { cookie: manager.cookie } })).statusCode).toBe(200);
    const other = await buildWorkspace(t, 'Elsewhere');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: other.cookie }, payload: { subjects: [{ type: 'user', id: other.id }], role: 'collaborator' } })).statusCode).toBe(404);
  });
});
