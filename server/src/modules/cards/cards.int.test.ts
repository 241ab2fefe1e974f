import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';

const space = fakeSpace();
const get = useTestApp({ connectors: [fakeConnector(space)] });

type Card = { hubMemberId: string; status: string; hint: string | null; state: string; connectedAccountId: string | null };

describe('dashboard cards and "Connect your account"', () => {
  it('shows the card as soon as access is shared, follows the invite, and connects an existing account', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const hub = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Ads', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't', token: space.token } } })).json() as { id: string };
    await drainJobs(t);
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: mia.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    const cards = async (cookie = mia.cookie): Promise<Card[]> => ((await t.app.inject({ url: '/api/v1/me/cards', headers: { cookie } })).json() as { data: Card[] }).data;
    expect(await cards()).toEqual([expect.objectContaining({ status: 'connect_your_account', state: 'inviting', hint: 'Your invite is on its way' })]);
    await drainJobs(t);
    const [card] = await cards();
    expect(card).toMatchObject({ state: 'pending_invite_claim', hint: 'Check your email for the invite from Sandbox Business Center' });

    // Without managed phone numbers configured, the managed identity says why and what to do instead.
    const managed = await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${card!.hubMemberId}/connect/managed-identity`, headers: { cookie: mia.cookie } });
    expect(managed.statusCode).toBe(409);
    expect(managed.json().detail).toMatch(/needs a phone number.*connect an existing account/i);

    // Member B cannot touch member A's card.
    const other = await buildMember(t, owner);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${card!.hubMemberId}/connect`, headers: { cookie: other.cookie }, payload: { label: 'x', email: 'x@x.test', password: 'p' } })).statusCode).toBe(404);

    // The person accepts the app's invite and connects the account they created there.
    space.invites.find((i) => i.email === mia.email)!.status = 'accepted';
    space.members.push(appMember(mia.email));
    const connected = await t.app.inject({ method: 'POST', url: `/api/v1/me/cards/${card!.hubMemberId}/connect`, headers: { cookie: mia.cookie }, payload: { label: 'Sandbox – Mia', email: mia.email, password: 'the password she chose' } });
    expect(connected.statusCode, connected.body).toBe(200);
    expect(connected.json()).toMatchObject({ status: 'ready', connectedAccountId: expect.any(String) });
    await drainJobs(t);
    const members = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}/members?tab=onboarded`, headers: { cookie: owner.cookie } })).json() as { data: { memberId: string; state: string }[] };
    expect(members.data.find((m) => m.memberId === mia.id)?.state).toBe('onboarded');
    const account = (await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${(connected.json() as Card).connectedAccountId}/password/retrieve`, headers: { cookie: mia.cookie }, payload: { purpose: 'show' } })).json();
    expect(account).toEqual({ password: 'the password she chose' });
  });
});
