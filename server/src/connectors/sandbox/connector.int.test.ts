import { describe, expect, it } from 'vitest';
import { addMember } from '../../../../sandbox/src/test/people.ts';
import { useRunningSandbox } from '../../../test/sandbox.ts';
import { JobError } from '../../jobs/types.ts';
import type { AssetGrant, ConnectorContext } from '../types.ts';
import { createSandboxConnector } from './connector.ts';

/**
 * The sandbox connector's asset assignment against a running Sandbox Business Center: real HTTP on
 * 127.0.0.1 and the sandbox's own admin API (`PUT`/`DELETE /assets/{id}/roles/{memberId}`).
 */
const { sandbox, baseUrl } = useRunningSandbox();
const noWait = { attempts: 3, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} };

interface Space { biz: { id: string; token: string }; ads: string; page: string; member: string; ctx: (over?: Partial<ConnectorContext>) => ConnectorContext }

let people = 0;

async function space(): Promise<Space> {
  const h = sandbox();
  const biz = await h.business();
  const ads = await h.services.businesses.addAsset(biz.id, { kind: 'AD_ACCOUNT', name: 'Main ads' });
  const page = await h.services.businesses.addAsset(biz.id, { kind: 'PAGE', name: 'Brand page' });
  const m = await addMember(h, biz, `ana${++people}@people.test`);
  const ctx = (over: Partial<ConnectorContext> = {}): ConnectorContext => ({ businessId: biz.id, connectFields: {}, credential: { token: biz.token }, signal: new AbortController().signal, ...over });
  return { biz, ads: ads.id, page: page.id, member: m.id, ctx };
}

const connector = (): ReturnType<typeof createSandboxConnector> => createSandboxConnector({ baseUrl: baseUrl(), readRetry: noWait });
const grant = (externalId: string, type: string, access: 'full' | 'partial', permissions: string[] = []): AssetGrant => ({ externalId, type, access, permissions });

async function rolesOf(s: Space): Promise<Record<string, { access: string; permissions: string[] }>> {
  const res = await sandbox().api('GET', `/api/v1/businesses/${s.biz.id}/assets`, s.biz.token);
  const assets = (res.json() as { data: { id: string; roles: { userId: string; access: string; permissions: string[] }[] }[] }).data;
  return Object.fromEntries(assets.flatMap((a) => a.roles.filter((r) => r.userId === s.member).map((r) => [a.id, { access: r.access, permissions: r.permissions }])));
}

async function failure(p: Promise<unknown>): Promise<JobError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(JobError);
  return e as JobError;
}

describe('sandbox assignAssets and unassignAssets', () => {
  it('assigns full and partial roles, and the snapshot shows them', async () => {
    const s = await space();
    const c = connector();
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full'), grant(s.page, 'page', 'partial', ['CREATE_CONTENT', 'MODERATE'])]);
    expect(await rolesOf(s)).toEqual({ [s.ads]: { access: 'FULL', permissions: ['VIEW_PERFORMANCE', 'MANAGE_CAMPAIGNS', 'MANAGE_BILLING'] }, [s.page]: { access: 'PARTIAL', permissions: ['CREATE_CONTENT', 'MODERATE'] } });
    const snap = await c.snapshot(s.ctx());
    expect(snap.members.find((m) => m.externalUserId === s.member)!.assets).toEqual([
      { externalId: s.ads, type: 'ad_account', access: 'full', permissions: ['VIEW_PERFORMANCE', 'MANAGE_CAMPAIGNS', 'MANAGE_BILLING'] },
      { externalId: s.page, type: 'page', access: 'partial', permissions: ['CREATE_CONTENT', 'MODERATE'] },
    ]);
  });

  it('is idempotent, and a changed grant replaces the role (partial ↔ full)', async () => {
    const s = await space();
    const c = connector();
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'partial', ['VIEW_PERFORMANCE'])]);
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'partial', ['VIEW_PERFORMANCE'])]);
    expect(await rolesOf(s)).toEqual({ [s.ads]: { access: 'PARTIAL', permissions: ['VIEW_PERFORMANCE'] } });
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full')]);
    expect((await rolesOf(s))[s.ads]!.access).toBe('FULL');
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'partial', ['MANAGE_BILLING'])]);
    expect(await rolesOf(s)).toEqual({ [s.ads]: { access: 'PARTIAL', permissions: ['MANAGE_BILLING'] } });
  });

  it('unassigns, and treats a role the member does not hold as already removed', async () => {
    const s = await space();
    const c = connector();
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full')]);
    await c.unassignAssets(s.ctx(), s.member, [{ externalId: s.ads, type: 'ad_account' }, { externalId: s.page, type: 'page' }]);
    expect(await rolesOf(s)).toEqual({});
    await c.unassignAssets(s.ctx(), s.member, [{ externalId: s.ads, type: 'ad_account' }]);
    expect((await c.snapshot(s.ctx())).members.find((m) => m.externalUserId === s.member)!.assets).toEqual([]);
  });

  it('maps refusals: unknown or malformed ids, wrong permissions, unknown types, a low-role token, a bad token', async () => {
    const s = await space();
    const c = connector();
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    expect(await failure(c.assignAssets(s.ctx(), s.member, [grant(unknown, 'page', 'full')]))).toMatchObject({ code: 'InviteRejected', message: expect.stringContaining(`no asset ${unknown}`) });
    expect(await failure(c.assignAssets(s.ctx(), unknown, [grant(s.ads, 'ad_account', 'full')]))).toMatchObject({ code: 'InviteRejected', message: expect.stringContaining(`no member ${unknown}`) });
    expect((await failure(c.assignAssets(s.ctx(), 'not-a-uuid', [grant(s.ads, 'ad_account', 'full')]))).code).toBe('InviteRejected');
    expect((await failure(c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'partial', ['MODERATE'])]))).message).toMatch(/MODERATE is not a permission of a AD_ACCOUNT/);
    expect((await failure(c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'partial')]))).message).toMatch(/at least one permission/);
    expect((await failure(c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'catalog', 'full')]))).message).toMatch(/not "catalog"/);
    expect((await failure(c.unassignAssets(s.ctx(), s.member, [{ externalId: unknown, type: 'page' }]))).message).toMatch(`no asset ${unknown}`);
    expect(await rolesOf(s)).toEqual({});

    const employee = await sandbox().services.businesses.createToken(s.biz.id, { role: 'EMPLOYEE' });
    expect((await failure(c.assignAssets(s.ctx({ credential: { token: employee.token } }), s.member, [grant(s.ads, 'ad_account', 'full')]))).code).toBe('UnderpermissionedAccount');
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full')]);
    expect((await failure(c.unassignAssets(s.ctx({ credential: { token: employee.token } }), s.member, [{ externalId: s.ads, type: 'ad_account' }]))).code).toBe('UnderpermissionedAccount');
    expect((await failure(c.assignAssets(s.ctx({ credential: { token: 'nope' } }), s.member, [grant(s.ads, 'ad_account', 'full')]))).code).toBe('TokenExpired');
    expect((await failure(c.unassignAssets(s.ctx({ credential: { token: 'nope' } }), s.member, [{ externalId: s.ads, type: 'ad_account' }]))).code).toBe('TokenExpired');
    expect(Object.keys(await rolesOf(s))).toEqual([s.ads]);
  });

  it('hands a 429 to the engine as a transient RateLimited with the Retry-After wait', async () => {
    const s = await space();
    const c = connector();
    const h = sandbox();
    await h.services.businesses.configure(s.biz.id, { faultRate429: 1 });
    try {
      const assign = await failure(c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full')]));
      expect([assign.code, assign.opts.transient, assign.opts.retryAfterMs]).toEqual(['RateLimited', true, 1_000]);
      const revoke = await failure(c.unassignAssets(s.ctx(), s.member, [{ externalId: s.ads, type: 'ad_account' }]));
      expect([revoke.code, revoke.opts.transient, revoke.opts.retryAfterMs]).toEqual(['RateLimited', true, 1_000]);
    } finally {
      await h.services.businesses.configure(s.biz.id, { faultRate429: 0 });
    }
    expect(await rolesOf(s)).toEqual({});
    await c.assignAssets(s.ctx(), s.member, [grant(s.ads, 'ad_account', 'full')]);
    expect(Object.keys(await rolesOf(s))).toEqual([s.ads]);
  });
});
