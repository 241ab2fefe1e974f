import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { runDailySyncs } from './schedule.ts';

const space = fakeSpace({ members: [appMember('a@app.test')] });
const get = useTestApp({ connectors: [fakeConnector(space)] });

describe('daily sync schedule', () => {
  it('enqueues one sync per hub per day however often it runs, and flags hubs not synced for 36 h', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hub = (await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Daily', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't', token: space.token } } })).json() as { id: string };
    await drainJobs(t);
    const synced = await t.database.pool.query<{ at: Date }>('select last_synced_at at from hubs where id = $1', [hub.id]);
    const nextDay = new Date(synced.rows[0]!.at.getTime() + 24 * 3_600_000);
    const slot = new Date(Date.UTC(nextDay.getUTCFullYear(), nextDay.getUTCMonth(), nextDay.getUTCDate(), 3, 30));
    const deps = { database: t.database, activity: t.services.activity };
    // Two nodes running the same schedule at once, then a late repeat: one job.
    const runs = await Promise.all([runDailySyncs(deps, slot), runDailySyncs(deps, slot)]);
    await runDailySyncs(deps, new Date(slot.getTime() + 3_600_000));
    expect(runs.reduce((n, r) => n + r.enqueued, 0)).toBe(1);
    const keys = await t.database.pool.query(`select idempotency_key k, trigger from jobs where task = 'sync_hub' and trigger = 'schedule'`);
    expect(keys.rows).toEqual([{ k: `sync_hub:daily:${hub.id}:${slot.toISOString().slice(0, 10)}`, trigger: 'schedule' }]);

    const stale = await runDailySyncs(deps, new Date(synced.rows[0]!.at.getTime() + 37 * 3_600_000));
    expect(stale.stale).toBe(1);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'requires_sync' });
  });
});
