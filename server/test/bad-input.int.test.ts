import { describe, expect, it } from 'vitest';
import { useTestApp } from './app.ts';
import { buildMember, buildWorkspace } from './factories.ts';
import { apiRoutes, fillPath, maxLengthOf, type RouteInfo } from './routes.ts';

// The sweep sends hundreds of requests from one address; the per-IP limit is tested in the auth suite.
const get = useTestApp({ authRateLimitPerMinute: 10_000 });

/** Row counts of every table: a rejected request must leave all of them as they were. */
async function tableCounts(t: ReturnType<typeof get>): Promise<Record<string, number>> {
  const tables = await t.database.pool.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`);
  const out: Record<string, number> = {};
  for (const { t: name } of tables.rows) out[name] = (await t.database.pool.query<{ n: number }>(`select count(*)::int as n from "${name}"`)).rows[0]!.n;
  return out;
}

function mutations(r: RouteInfo): { label: string; body: unknown }[] {
  const props = Object.entries(r.bodySchema?.properties ?? {});
  const out: { label: string; body: unknown }[] = [
    { label: 'unknown field', body: { unexpectedField: 1 } },
    { label: 'array body', body: [] },
    { label: 'string body', body: JSON.stringify('text') },
  ];
  for (const [name, p] of props) {
    out.push({ label: `${name} wrong type (number)`, body: { [name]: 12345 } });
    out.push({ label: `${name} wrong type (object)`, body: { [name]: { nested: true } } });
    const max = maxLengthOf(p);
    if (max !== undefined) out.push({ label: `${name} one character too long`, body: { [name]: 'x'.repeat(max + 1) } });
    else if (p.type === 'string' || p.enum) out.push({ label: `${name} overlong`, body: { [name]: 'x'.repeat(5000) } });
  }
  return out;
}

describe('bad input', () => {
  it('every write route answers malformed JSON, unknown fields, overlong strings and wrong types with 400 problem+json and writes nothing', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const member = await buildMember(t, owner);
    const team = (await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie }, payload: { name: 'Team' } })).json() as { id: string };
    const account = (await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'Acct', password: 'pw' } })).json() as { id: string };
    const grant = (await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: member.id, role: 'collaborator' } })).json() as { id: string };
    const writes = apiRoutes(t.app).filter((r) => r.bodySchema);
    expect(writes.length).toBeGreaterThan(10);
    const before = await tableCounts(t);
    for (const r of writes) {
      // Bodies are rejected before any lookup, so ids of objects that do not exist are fine for hubs and jobs.
      const id = r.path.startsWith('/api/v1/teams') ? team.id : r.path.startsWith('/api/v1/accounts') ? account.id : member.id;
      const url = r.path.includes('{') ? fillPath(r.path, { id, memberId: member.id, grantId: grant.id, teamId: team.id, hubMemberId: member.id }) : r.path;
      const malformed = await t.app.inject({ method: r.method as 'POST', url, headers: { cookie: owner.cookie, 'content-type': 'application/json' }, payload: '{"a": ' });
      expect(malformed.statusCode, `${r.method} ${r.path} malformed`).toBe(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');
      expect(malformed.json()).toMatchObject({ code: 'malformed_json', status: 400 });
      for (const m of mutations(r)) {
        const res = await t.app.inject({ method: r.method as 'POST', url, headers: { cookie: owner.cookie, 'content-type': 'application/json' }, payload: typeof m.body === 'string' ? m.body : JSON.stringify(m.body) });
        expect(res.statusCode, `${r.method} ${r.path} ${m.label}: ${res.body}`).toBe(400);
        expect(res.json(), `${r.method} ${r.path} ${m.label}`).toMatchObject({ code: 'validation_failed', type: 'urn:latchkey:problem:validation_failed' });
      }
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  it('unknown API routes answer 404 problem+json, never the SPA', async () => {
    const { app } = get();
    const r = await app.inject({ url: '/api/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie, origin: 'https://evil.example' }, payload: { name: 'x' } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'csrf_rejected' });
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie, origin: 'http://latchkey.test', 'sec-fetch-site': 'same-origin' }, payload: { name: 'x' } });
    expect(same.statusCode).toBe(201);
  });
});
