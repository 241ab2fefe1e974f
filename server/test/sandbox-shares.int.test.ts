import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, nextPhone } from '../../sandbox/src/test/people.ts';
import type { SandboxHarness } from '../../sandbox/src/test/harness.ts';
import { createSandboxConnector } from '../src/connectors/sandbox/connector.ts';
import { useTestApp, type TestApp } from './app.ts';
import { buildWorkspace, type SignedInMember } from './factories.ts';
import { insertTeam, insertWorkspaceMembers } from './hub-fixtures.ts';
import { drainJobs } from './jobs.ts';
import { connectSandboxHub, sandboxList, useRunningSandbox, type SbInvite, type SbMember } from './sandbox.ts';

/** Access shares checked inside a running Sandbox Business Center, through its admin API (issue 6 "Must show"). */
const { sandbox, baseUrl } = useRunningSandbox();
const get = useTestApp({ connectors: () => [createSandboxConnector({ baseUrl: baseUrl() })] });

type Plan = { hash: string; rows: { email: string; action: { kind: string; roles?: string[]; toRoles?: string[] } }[] };

async function call(t: TestApp, who: SignedInMember, method: 'POST' | 'DELETE', url: string, payload?: object): Promise<Plan> {
  const r = await t.app.inject({ method, url, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Plan;
}
const kinds = (p: Plan): string[] => p.rows.map((r) => `${r.action.kind}:${(r.action.roles ?? r.action.toRoles ?? []).join('+')}`);

/** The invitee signs up from the app's invite, with a rule-compliant password and an SMS-verified phone. */
async function acceptInvite(h: SandboxHarness, email: string): Promise<void> {
  const phone = nextPhone();
  const challenge = await h.services.signup.start(h.inviteToken(email), { password: GOOD_PASSWORD, phone });
  await h.services.signup.complete(challenge, await h.lastSmsCode(phone));
}

describe('access shares inside the sandbox', () => {
  it('a team of 50 gets exactly 50 invites, and the same share again sends none', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    const hubId = await connectSandboxHub(t, owner, biz);
    await drainJobs(t, 2000);
    const emails = Array.from({ length: 50 }, (_, i) => `agency${i}@people.test`);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Agency', await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails));
    const body = { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] };
    expect(kinds(await call(t, owner, 'POST', `/api/v1/hubs/${hubId}/shares`, body))).toEqual(emails.map(() => 'invite:EMPLOYEE'));
    await drainJobs(t, 2000);
    const sent = async (): Promise<SbInvite[]> => (await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => emails.includes(i.email));
    expect((await sent()).map((i) => [i.email, i.sentCount]).sort()).toEqual(emails.map((e) => [e, 1]).sort());

    expect(kinds(await call(t, owner, 'POST', `/api/v1/hubs/${hubId}/shares`, body)).every((k) => k.startsWith('none'))).toBe(true);
    await drainJobs(t, 2000);
    expect((await sent()).map((i) => i.sentCount)).toEqual(emails.map(() => 1));
  }, 120_000);

  it('two teams give Manager; losing one downgrades to Analyst; losing both removes the seat — each preview is what is applied', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    const hubId = await connectSandboxHub(t, owner, biz, 'Weighted');
    await drainJobs(t, 2000);
    const email = 'mia.weighted@people.test';
    const [mia] = await insertWorkspaceMembers(t.database.pool, owner.workspaceId, [email]);
    const analysts = await insertTeam(t.database.pool, owner.workspaceId, 'Analysts', [mia!]);
    const managers = await insertTeam(t.database.pool, owner.workspaceId, 'Managers', [mia!]);
    await call(t, owner, 'POST', `/api/v1/hubs/${hubId}/shares`, { subjects: [{ type: 'team', id: analysts }], role: 'collaborator', appRoleKeys: ['ANALYST'] });
    await call(t, owner, 'POST', `/api/v1/hubs/${hubId}/shares`, { subjects: [{ type: 'team', id: managers }], role: 'collaborator', appRoleKeys: ['MANAGER'] });
    await drainJobs(t, 2000);
    expect((await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => i.email === email).map((i) => i.role)).toEqual(['MANAGER']);

    await acceptInvite(h, email);
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t, 2000);
    const roleInApp = async (): Promise<string | undefined> => (await sandboxList<SbMember>(baseUrl(), biz, 'members')).find((m) => m.email === email)?.role;
    expect(await roleInApp()).toBe('MANAGER');

    const downgrade = await call(t, owner, 'DELETE', `/api/v1/hubs/${hubId}/teams/${managers}?dryRun=true`);
    expect(kinds(downgrade)).toEqual(['update:ANALYST']);
    expect(kinds(await call(t, owner, 'DELETE', `/api/v1/hubs/${hubId}/teams/${managers}?previewHash=${downgrade.hash}`))).toEqual(kinds(downgrade));
    await drainJobs(t, 2000);
    expect(await roleInApp()).toBe('ANALYST');

    const removal = await call(t, owner, 'DELETE', `/api/v1/hubs/${hubId}/teams/${analysts}?dryRun=true`);
    expect(kinds(removal)).toEqual(['remove_seat:']);
    expect(kinds(await call(t, owner, 'DELETE', `/api/v1/hubs/${hubId}/teams/${analysts}?previewHash=${removal.hash}`))).toEqual(kinds(removal));
    await drainJobs(t, 2000);
    expect(await roleInApp()).toBeUndefined();
  }, 120_000);
});
