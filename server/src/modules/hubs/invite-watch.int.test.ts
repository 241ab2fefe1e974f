import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { insertWorkspaceMembers } from '../../../test/hub-fixtures.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { runInviteWatch } from './invite-watch.ts';

const space = fakeSpace({ members: [appMember('owner@app.test')] });
const get = useTestApp({ connectors: [fakeConnector(space)] });

describe('invite watch', () => {
  it('checks each hub with pending invites once per 15-minute slot, and settles an acceptance it sees', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hub = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Watched', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't', token: space.token } } })).json() as { id: string };
    const quiet = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Nobody waiting', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't2', token: space.token } } })).json() as { id: string };
    await drainJobs(t);
    const [ivy] = await insertWorkspaceMembers(t.database.pool, owner.workspaceId, ['ivy@people.test']);
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: ivy }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t);

    const slot = new Date(Math.ceil(Date.now() / 900_000) * 900_000 + 60_000);
    const runs = await Promise.all([runInviteWatch({ database: t.database }, slot), runInviteWatch({ database: t.database }, new Date(slot.getTime() + 5 * 60_000))]);
    expect(runs.reduce((n, r) => n + r.enqueued, 0)).toBe(1);
    expect((await runInviteWatch({ database: t.database }, new Date(slot.getTime() + 15 * 60_000))).enqueued).toBe(1);
    const checks = await t.database.pool.query(`select target->>'hubId' hub from jobs where task = 'check_invite'`);
    expect(checks.rows.every((r) => r.hub === hub.id)).toBe(true);
    expect(checks.rows.some((r) => r.hub === quiet.id)).toBe(false);

    // Ivy accepted in the app: the watch's check settles her without anyone pressing "Check for updates".
    const invite = space.invites.find((i) => i.email === 'ivy@people.test')!;
    space.invites = space.invites.filter((i) => i !== invite);
    space.members.push(appMember('ivy@people.test'));
    await t.database.pool.query(`update jobs set run_at = now() where task = 'check_invite'`);
    await drainJobs(t);
    const rows = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}/members?tab=all`, headers: { cookie: owner.cookie } })).json() as { data: { externalEmail: string; state: string }[] };
    expect(rows.data.find((r) => r.externalEmail === 'ivy@people.test')).toMatchObject({ state: 'awaiting_user_login' });
  });
});
