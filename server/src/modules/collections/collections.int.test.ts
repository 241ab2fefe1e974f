import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';

const space = fakeSpace();
const get = useTestApp({ connectors: [fakeConnector(space)] });

type Card = { hubMemberId: string; status: string; state: string };

describe('collections and claims', () => {
  it('a collection share asks to claim; Send email invite invites; an Owner who skips gets no seat', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const lead = await buildMember(t, owner, 'admin');
    const hub = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Brand', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't', token: space.token } } })).json() as { id: string };
    await drainJobs(t);
    const collection = (await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { cookie: owner.cookie }, payload: { name: 'Paid social' } })).json() as { id: string };
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/hubs`, headers: { cookie: owner.cookie }, payload: { hubId: hub.id, appRoleKeys: ['ANALYST'] } });
    expect(added.statusCode, added.body).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/hubs`, headers: { cookie: owner.cookie }, payload: { hubId: hub.id, appRoleKeys: ['ANALYST'] } });
    expect(again.json()).toMatchObject({ code: 'hub_in_collection' });

    await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: mia.id, role: 'collaborator' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: lead.id, role: 'owner' } });
    await drainJobs(t);
    expect(space.invites).toHaveLength(0);
    const miaCard = ((await t.app.inject({ url: '/api/v1/me/cards', headers: { cookie: mia.cookie } })).json() as { data: Card[] }).data[0]!;
    expect(miaCard).toMatchObject({ status: 'claim_your_invite', state: 'pending_user_claim' });
    const notice = (await t.app.inject({ url: '/api/v1/outbox', headers: { cookie: owner.cookie } })).json() as { data: { to: string; subject: string; text: string }[] };
    expect(notice.data.find((m) => m.to === mia.email)).toMatchObject({ subject: expect.stringContaining('Paid social'), text: expect.stringContaining('Go to Latchkey') });

    // A Collaborator cannot skip; "Send email invite" queues the invite (T4).
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${miaCard.hubMemberId}/skip`, headers: { cookie: mia.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${miaCard.hubMemberId}/claim`, headers: { cookie: mia.cookie } })).statusCode).toBe(204);
    await drainJobs(t);
    expect(space.invites.map((i) => [i.email, i.roles])).toEqual([[mia.email, ['ANALYST']]]);
    expect(((await t.app.inject({ url: '/api/v1/me/cards', headers: { cookie: mia.cookie } })).json() as { data: Card[] }).data[0]).toMatchObject({ status: 'connect_your_account', state: 'pending_invite_claim' });

    // An Owner through the collection may skip: oversight without a seat (T5).
    const leadCard = ((await t.app.inject({ url: '/api/v1/me/cards', headers: { cookie: lead.cookie } })).json() as { data: Card[] }).data[0]!;
    expect(leadCard.status).toBe('claim_your_invite');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${leadCard.hubMemberId}/skip`, headers: { cookie: lead.cookie } })).statusCode).toBe(204);
    await drainJobs(t);
    expect(((await t.app.inject({ url: '/api/v1/me/cards', headers: { cookie: lead.cookie } })).json() as { data: Card[] }).data[0]).toMatchObject({ status: 'hub_only', state: 'hub_only' });
    expect(space.invites.map((i) => i.email)).not.toContain(lead.email);

    // Member B cannot claim member A's card.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${leadCard.hubMemberId}/claim`, headers: { cookie: mia.cookie } })).statusCode).toBe(404);
  });
});
