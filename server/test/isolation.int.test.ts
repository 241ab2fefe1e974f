import { describe, expect, it } from 'vitest';
import { useTestApp } from './app.ts';
import { buildMember, buildWorkspace } from './factories.ts';
import { appMember, fakeConnector, fakeSpace } from './fakes/fake-connector.ts';
import { drainJobs } from './jobs.ts';
import { apiRoutes, fillPath } from './routes.ts';

const space = fakeSpace({ members: [appMember('alpha-app-user@alpha.test')] });
const get = useTestApp({ connectors: [fakeConnector(space)] });

/**
 * Two workspaces on one server. Every API route is called by workspace B's owner with
 * workspace A's ids; nothing of A may come back and nothing of A may change.
 */
describe('workspace isolation', () => {
  it('no route lets workspace B read or change workspace A', async () => {
    const t = get();
    const a = await buildWorkspace(t, 'Alpha');
    const a2 = await buildMember(t, a);
    const team = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: a.cookie }, payload: { name: 'Alpha agency' } });
    const teamId = (team.json() as { id: string }).id;
    await t.app.inject({ method: 'POST', url: `/api/v1/teams/${teamId}/members`, headers: { cookie: a.cookie }, payload: { memberId: a2.id, teamRole: 'team_member' } });
    const account = (await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: a.cookie }, payload: { label: 'Alpha ads', username: 'ads@alpha.test', password: 'alpha-secret-password', totp: 'JBSWY3DPEHPK3PXP', notes: 'alpha private notes' } })).json() as { id: string };
    const grant = (await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: a.cookie }, payload: { subjectType: 'user', subjectId: a2.id, role: 'collaborator' } })).json() as { id: string };
    const hub = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: a.cookie }, payload: { appKey: 'sandbox', label: 'Alpha hub', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 'Alpha token', token: space.token } } })).json() as { id: string };
    await drainJobs(t);
    const hubMember = ((await t.app.inject({ url: `/api/v1/hubs/${hub.id}/members`, headers: { cookie: a.cookie } })).json() as { data: { id: string }[] }).data[0]!;
    const job = ((await t.app.inject({ url: '/api/v1/jobs', headers: { cookie: a.cookie } })).json() as { data: { id: string }[] }).data[0]!;
    const collection = (await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { cookie: a.cookie }, payload: { name: 'Alpha collection' } })).json() as { id: string };
    const b = await buildWorkspace(t, 'Beta');

    const secretsOfA = [a.email, a2.email, a.id, a2.id, teamId, 'Alpha agency', a.workspaceId, account.id, grant.id, 'Alpha ads', 'alpha-secret-password', 'alpha private notes', 'JBSWY3DPEHPK3PXP', hub.id, 'Alpha hub', 'alpha-app-user@alpha.test', hubMember.id, job.id, collection.id, 'Alpha collection'];
    const snapshot = async (): Promise<string> =>
      JSON.stringify(await Promise.all(['/api/v1/members', '/api/v1/teams', `/api/v1/teams/${teamId}`, '/api/v1/workspace', `/api/v1/accounts/${account.id}`, `/api/v1/accounts/${account.id}/grants`, `/api/v1/hubs/${hub.id}`, `/api/v1/hubs/${hub.id}/members`, `/api/v1/collections/${collection.id}`].map(async (url) => (await t.app.inject({ url, headers: { cookie: a.cookie } })).json())));
    const before = await snapshot();

    const params = (path: string): Record<string, string> => ({
      id: path.startsWith('/api/v1/teams') ? teamId : path.startsWith('/api/v1/accounts') ? account.id : path.startsWith('/api/v1/hubs') ? hub.id : path.startsWith('/api/v1/jobs') ? job.id : path.startsWith('/api/v1/collections') ? collection.id : a2.id,
      memberId: path.startsWith('/api/v1/hubs') ? hubMember.id : a2.id,
      teamId,
      hubMemberId: hubMember.id,
      grantId: grant.id,
      // No app here has an authorisation page, so its OAuth callback is not found; the state checks are in modules/oauth.
      appKey: 'sandbox',
    });
    // A valid body per write route, so the request reaches the service rather than stopping at validation.
    const bodies: Record<string, unknown> = {
      'PATCH /api/v1/members/{id}': { role: 'admin', firstName: 'Hijacked' },
      'PATCH /api/v1/teams/{id}': { name: 'hijacked' },
      'POST /api/v1/teams/{id}/members': { memberId: b.id, teamRole: 'team_admin' },
      'PATCH /api/v1/teams/{id}/members/{memberId}': { teamRole: 'team_admin' },
      'PATCH /api/v1/accounts/{id}': { label: 'hijacked', password: 'stolen' },
      'POST /api/v1/accounts/{id}/password/retrieve': { purpose: 'show' },
      'POST /api/v1/accounts/{id}/grants': { subjectType: 'user', subjectId: b.id, role: 'owner' },
      'PATCH /api/v1/accounts/{id}/grants/{grantId}': { role: 'owner' },
      'PATCH /api/v1/hubs/{id}': { label: 'hijacked' },
      'POST /api/v1/hubs/{id}/members/{memberId}/match': { memberId: b.id, role: 'owner' },
      'POST /api/v1/hubs/{id}/members/{memberId}/exempt': { reason: 'hijack' },
      'POST /api/v1/hubs/{id}/shares': { subjects: [{ type: 'user', id: b.id }], role: 'owner', access: 'hub_only' },
      'PATCH /api/v1/hubs/{id}/members/{memberId}': { appRoleKeys: ['ADMIN'] },
      'POST /api/v1/me/cards/{hubMemberId}/connect': { label: 'hijack', email: 'b@beta.test', password: 'x' },
      'POST /api/v1/me/cards/{hubMemberId}/facebook/invitation': { email: 'alpha-app-user@alpha.test' },
      'POST /api/v1/collections/{id}/hubs': { hubId: hub.id, appRoleKeys: ['ADMIN'] },
      'POST /api/v1/collections/{id}/grants': { subjectType: 'user', subjectId: b.id, role: 'owner' },
    };
    // Signing out would end B's session mid-test, so it goes last.
    // The live job and inbox streams never end, so inject() cannot call them; their own tests check what they send.
    const streams = new Set(['/api/v1/jobs/stream', '/api/v1/inbox/stream']);
    const routes = apiRoutes(t.app).filter((r) => !streams.has(r.path)).sort((x, y) => Number(x.path.endsWith('/logout')) - Number(y.path.endsWith('/logout')));
    const byId = routes.filter((r) => r.path.includes('{'));
    expect(byId.length).toBeGreaterThan(8);
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (r.path.includes('{') && r.bodySchema) expect(bodies, `add an isolation body for ${key}`).toHaveProperty([key]);
      const res = await t.app.inject({ method: r.method as 'GET', url: r.path.includes('{') ? fillPath(r.path, params(r.path)) : r.path, headers: { cookie: b.cookie }, ...(bodies[key] ? { payload: bodies[key] as object } : {}) });
      for (const s of secretsOfA) expect(res.body, `${key} leaked ${s}`).not.toContain(s);
      // A 401 would make this test pass trivially; B must be signed in for every call but the last.
      if (!r.path.endsWith('/logout')) expect(res.statusCode, `${key} answered as if B were signed out`).not.toBe(401);
      if (r.path.includes('{')) expect(res.statusCode, `${key} should not find A's object`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
  });
});
