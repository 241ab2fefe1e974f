import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace } from '../../../test/factories.ts';

const get = useTestApp();

describe('teams', () => {
  it('the creator becomes Team Admin and manages members; a team keeps at least one Team Admin', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const lead = await buildMember(t, owner, 'user');
    const mate = await buildMember(t, owner, 'user');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: lead.cookie }, payload: { name: 'Agency' } });
    expect(created.statusCode).toBe(201);
    const team = created.json() as { id: string };
    expect(created.json()).toMatchObject({ name: 'Agency', memberCount: 1, myTeamRole: 'team_admin' });
    const add = await t.app.inject({ method: 'POST', url: `/api/v1/teams/${team.id}/members`, headers: { cookie: lead.cookie }, payload: { memberId: mate.id } });
    expect(add.json()).toMatchObject({ memberCount: 2, members: expect.arrayContaining([expect.objectContaining({ memberId: mate.id, teamRole: 'team_member' })]) });
    const dup = await t.app.inject({ method: 'POST', url: `/api/v1/teams/${team.id}/members`, headers: { cookie: lead.cookie }, payload: { memberId: mate.id } });
    expect(dup.json()).toMatchObject({ code: 'conflict' });
    const demote = await t.app.inject({ method: 'PATCH', url: `/api/v1/teams/${team.id}/members/${lead.id}`, headers: { cookie: lead.cookie }, payload: { teamRole: 'team_member' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'last_owner' });
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/v1/teams/${team.id}`, headers: { cookie: lead.cookie }, payload: { name: 'Agency EU' } });
    expect(rename.json()).toMatchObject({ name: 'Agency EU' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/teams/${team.id}`, headers: { cookie: lead.cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/teams/${team.id}`, headers: { cookie: lead.cookie } })).statusCode).toBe(404);
  });

  it("member B cannot change member A's team", async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await buildMember(t, owner, 'user');
    const b = await buildMember(t, owner, 'user');
    const team = (await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: a.cookie }, payload: { name: 'A team' } })).json() as { id: string };
    for (const req of [
      { method: 'PATCH', url: `/api/v1/teams/${team.id}`, payload: { name: 'taken over' } },
      { method: 'DELETE', url: `/api/v1/teams/${team.id}` },
      { method: 'POST', url: `/api/v1/teams/${team.id}/members`, payload: { memberId: b.id, teamRole: 'team_admin' } },
      { method: 'DELETE', url: `/api/v1/teams/${team.id}/members/${a.id}` },
    ] as const) {
      const r = await t.app.inject({ ...req, headers: { cookie: b.cookie } });
      expect(r.statusCode, `${req.method} ${req.url}`).toBe(403);
    }
    // A workspace admin can manage any team.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/teams/${team.id}`, headers: { cookie: owner.cookie }, payload: { name: 'Renamed by admin' } })).statusCode).toBe(200);
  });

  it('guests see only their own teams and cannot create teams', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const guest = await buildMember(t, owner, 'guest');
    const hidden = (await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie }, payload: { name: 'Internal' } })).json() as { id: string };
    const shared = (await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie }, payload: { name: 'With guest' } })).json() as { id: string };
    await t.app.inject({ method: 'POST', url: `/api/v1/teams/${shared.id}/members`, headers: { cookie: owner.cookie }, payload: { memberId: guest.id } });
    const list = (await t.app.inject({ url: '/api/v1/teams', headers: { cookie: guest.cookie } })).json() as { data: { id: string }[] };
    expect(list.data.map((x) => x.id)).toEqual([shared.id]);
    expect((await t.app.inject({ url: `/api/v1/teams/${hidden.id}`, headers: { cookie: guest.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: guest.cookie }, payload: { name: 'Mine' } })).statusCode).toBe(403);
  });
});
