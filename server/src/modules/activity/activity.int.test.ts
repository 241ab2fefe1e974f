import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace } from '../../../test/factories.ts';

const get = useTestApp();

describe('activity log', () => {
  it('records each change with actor, IP and user agent, in a verifiable hash chain', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const m = await buildMember(t, owner);
    await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie, 'user-agent': 'test-agent/1.0' }, payload: { name: 'Chain' } });
    const list = (await t.app.inject({ url: '/api/v1/activity', headers: { cookie: owner.cookie } })).json() as { data: { seq: number; type: string; actor: { email: string }; ip: string; userAgent: string }[] };
    const types = list.data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['workspace.created', 'member.signed_in', 'member.invited', 'member.joined', 'team.created']));
    const seqs = list.data.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(new Set(seqs).size).toBe(seqs.length);
    const created = list.data.find((e) => e.type === 'team.created')!;
    expect(created).toMatchObject({ actor: { email: owner.email }, ip: '127.0.0.1', userAgent: 'test-agent/1.0' });
    expect((await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: owner.cookie } })).json()).toEqual({ ok: true, checked: list.data.length, firstBrokenSeq: null });

    // A member sees only their own trail and cannot verify the chain.
    const mine = (await t.app.inject({ url: '/api/v1/activity', headers: { cookie: m.cookie } })).json() as { data: { type: string }[] };
    expect(mine.data.map((e) => e.type)).not.toContain('team.created');
    expect((await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: m.cookie } })).statusCode).toBe(403);

    // Tampering with one row breaks the chain at that row.
    await t.database.pool.query(`update activity_events set data = '{"role":"owner"}' where workspace_id = $1 and type = 'member.invited'`, [owner.workspaceId]);
    const broken = (await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: owner.cookie } })).json() as { ok: boolean; firstBrokenSeq: number };
    expect(broken.ok).toBe(false);
    expect(broken.firstBrokenSeq).toBe(list.data.find((e) => e.type === 'member.invited')!.seq);
  });

  it('filters by type and exports CSV with the hash columns', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    await buildMember(t, owner);
    const filtered = (await t.app.inject({ url: '/api/v1/activity?type=member.invited', headers: { cookie: owner.cookie } })).json() as { data: { type: string }[] };
    expect(filtered.data.map((e) => e.type)).toEqual(['member.invited']);
    const csv = await t.app.inject({ url: '/api/v1/activity/export.csv', headers: { cookie: owner.cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('seq,at,type,actor_kind,actor_id,actor,target_type,target_id,target,ip,user_agent,data,prev_hash,hash');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[1]).toMatch(/^1,/);
  });

  it('recordMany appends the same gap-free, verifiable chain as record, across chunks and workspaces', async () => {
    const t = get();
    const a = await buildWorkspace(t, 'Many A');
    const b = await buildWorkspace(t, 'Many B');
    const event = (workspaceId: string, i: number) => ({ workspaceId, type: 'bench.event', actor: { kind: 'system' as const, id: null, label: 'test' }, data: { i } });
    const before = (await t.database.pool.query<{ n: number }>('select count(*)::int n from activity_events where workspace_id = $1', [a.workspaceId])).rows[0]!.n;
    await t.database.tx(async (tx) => {
      await t.services.activity.record(tx, event(a.workspaceId, -1));
      // 2,500 events cross two multi-row chunk boundaries; B's events are interleaved with A's.
      await t.services.activity.recordMany(tx, Array.from({ length: 2500 }, (_, i) => event(i % 5 === 0 ? b.workspaceId : a.workspaceId, i)));
      await t.services.activity.record(tx, event(a.workspaceId, 9999));
    });
    const rows = (await t.database.pool.query<{ seq: string; i: number }>(`select seq, (data->>'i')::int i from activity_events where workspace_id = $1 and type = 'bench.event' order by seq`, [a.workspaceId])).rows;
    expect(rows).toHaveLength(2002);
    expect(Number(rows[0]!.seq)).toBe(before + 1);
    expect(rows.map((r) => Number(r.seq) - before)).toEqual(Array.from({ length: 2002 }, (_, k) => k + 1));
    // Events keep the order they were given in.
    expect(rows.map((r) => r.i)).toEqual([-1, ...Array.from({ length: 2500 }, (_, i) => i).filter((i) => i % 5 !== 0), 9999]);
    for (const who of [a, b]) expect((await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: who.cookie } })).json()).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});
