import { spawnSync } from 'node:child_process';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';

const get = useTestApp();
const seed = 'JBSWY3DPEHPK3PXP';
const secretPassword = 'Tr0ub4dor&3-very-secret';

async function addAccount(t: ReturnType<typeof get>, owner: SignedInMember, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: { cookie: owner.cookie },
    payload: { label: 'Pinterest – Ads', loginUrl: 'https://www.pinterest.com/login/', username: 'ads@acme.test', password: secretPassword, totp: `otpauth://totp/Pinterest:ads?secret=${seed}&issuer=Pinterest`, backupCodes: ['1111-2222', '3333-4444'], notes: 'recovery answers: blue', ...extra },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
}

describe('accounts and their roles', () => {
  it('Owners reveal the password (audited); Collaborators get codes but never the password or seed', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const collab = await buildMember(t, owner);
    const account = await addAccount(t, owner);
    const share = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: collab.id, role: 'collaborator' } });
    expect(share.statusCode).toBe(201);

    const shown = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/password/retrieve`, headers: { cookie: owner.cookie }, payload: { purpose: 'show' } });
    expect(shown.json()).toEqual({ password: secretPassword });
    const events = (await t.app.inject({ url: '/api/v1/activity?type=account.password_retrieved', headers: { cookie: owner.cookie } })).json() as { data: { actor: { email: string }; data: { purpose: string } }[] };
    expect(events.data).toEqual([expect.objectContaining({ actor: expect.objectContaining({ email: owner.email }), data: { purpose: 'show' } })]);

    // Everything a Collaborator's browser can ask for: none of it carries the password, seed, codes or notes.
    const asCollab = async (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { cookie: collab.cookie }, ...(payload ? { payload } : {}) });
    const bodies = [
      await asCollab('GET', '/api/v1/accounts'),
      await asCollab('GET', `/api/v1/accounts/${account.id}`),
      await asCollab('POST', `/api/v1/accounts/${account.id}/password/retrieve`, { purpose: 'copy' }),
      await asCollab('POST', `/api/v1/accounts/${account.id}/totp/export`),
      await asCollab('POST', `/api/v1/accounts/${account.id}/backup-codes/retrieve`),
      await asCollab('GET', `/api/v1/accounts/${account.id}/grants`),
    ];
    expect(bodies.map((b) => b.statusCode)).toEqual([200, 200, 403, 403, 403, 403]);
    for (const b of bodies) for (const s of [secretPassword, seed, '1111-2222', 'recovery answers']) expect(b.body).not.toContain(s);
    expect((bodies[1]!.json() as { myRole: string }).myRole).toBe('collaborator');

    const code = await asCollab('GET', `/api/v1/accounts/${account.id}/totp-code`);
    const expected = new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: t.clock.now().getTime() });
    expect(code.json()).toMatchObject({ code: expected, digits: 6, period: 30 });
    expect(code.body).not.toContain(seed);
    const codeEvents = (await t.app.inject({ url: '/api/v1/activity?type=account.mfa_code_retrieved', headers: { cookie: owner.cookie } })).json() as { data: { actor: { email: string } }[] };
    expect(codeEvents.data.map((e) => e.actor.email)).toContain(collab.email);
  });

  it("member B cannot touch member A's account", async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const a = await buildMember(t, owner);
    const b = await buildMember(t, owner);
    const account = await addAccount(t, a);
    const attempts = [
      { method: 'GET', url: `/api/v1/accounts/${account.id}` },
      { method: 'PATCH', url: `/api/v1/accounts/${account.id}`, payload: { label: 'mine now' } },
      { method: 'DELETE', url: `/api/v1/accounts/${account.id}` },
      { method: 'POST', url: `/api/v1/accounts/${account.id}/password/retrieve`, payload: { purpose: 'show' } },
      { method: 'GET', url: `/api/v1/accounts/${account.id}/totp-code` },
      { method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, payload: { subjectType: 'user', subjectId: b.id, role: 'owner' } },
    ] as const;
    for (const req of attempts) {
      const r = await t.app.inject({ ...req, headers: { cookie: b.cookie } });
      expect(r.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(r.body).not.toContain(secretPassword);
    }
    // Workspace admins get no implicit rights on accounts either (spec §3.2).
    expect((await t.app.inject({ url: `/api/v1/accounts/${account.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(404);
    expect(((await t.app.inject({ url: '/api/v1/accounts', headers: { cookie: b.cookie } })).json() as { data: unknown[] }).data).toEqual([]);
  });

  it('shares through a team, keeps one Owner, and keeps guests as Collaborators', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mate = await buildMember(t, owner);
    const guest = await buildMember(t, owner, 'guest');
    const account = await addAccount(t, owner);
    const team = (await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie }, payload: { name: 'Social' } })).json() as { id: string };
    await t.app.inject({ method: 'POST', url: `/api/v1/teams/${team.id}/members`, headers: { cookie: owner.cookie }, payload: { memberId: mate.id } });
    await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'team', subjectId: team.id, role: 'collaborator' } });
    const seen = (await t.app.inject({ url: '/api/v1/accounts', headers: { cookie: mate.cookie } })).json() as { data: { id: string; myRole: string }[] };
    expect(seen.data).toEqual([expect.objectContaining({ id: account.id, myRole: 'collaborator' })]);

    const asGuestOwner = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: guest.id, role: 'owner' } });
    expect(asGuestOwner.statusCode).toBe(403);
    const grants = (await t.app.inject({ url: `/api/v1/accounts/${account.id}/grants`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; role: string; subjectType: string }[] };
    const ownerGrant = grants.data.find((g) => g.role === 'owner')!;
    const last = await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${account.id}/grants/${ownerGrant.id}`, headers: { cookie: owner.cookie } });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'last_owner' });
  });

  it('keeps password versions, soft-deletes and restores', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const account = await addAccount(t, owner);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/accounts/${account.id}`, headers: { cookie: owner.cookie }, payload: { password: 'second-password' } });
    const versions = await t.database.pool.query(`select version, superseded_at is not null as old from account_secrets where account_id = $1 and field = 'password' order by version`, [account.id]);
    expect(versions.rows).toEqual([{ version: 1, old: true }, { version: 2, old: false }]);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/password/retrieve`, headers: { cookie: owner.cookie }, payload: { purpose: 'copy' } })).json()).toEqual({ password: 'second-password' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${account.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    expect(((await t.app.inject({ url: '/api/v1/accounts', headers: { cookie: owner.cookie } })).json() as { data: unknown[] }).data).toHaveLength(0);
    expect(((await t.app.inject({ url: '/api/v1/accounts?deleted=true', headers: { cookie: owner.cookie } })).json() as { data: unknown[] }).data).toHaveLength(1);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${account.id}/restore`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ deletedAt: null });
  });
});

describe('secrets at rest', () => {
  it('no table holds a plaintext password, TOTP seed, backup code or note', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    await addAccount(t, owner);
    // Every row of every table in every schema, as text: what pg_dump would write.
    const tables = await t.database.pool.query<{ s: string; t: string }>(`select table_schema s, table_name t from information_schema.tables where table_schema not in ('pg_catalog','information_schema') and table_type = 'BASE TABLE'`);
    let dump = '';
    for (const { s, t: name } of tables.rows) {
      const rows = await t.database.pool.query<{ j: string }>(`select row_to_json(x)::text j from "${s}"."${name}" x`);
      dump += `${rows.rows.map((r) => r.j).join('\n')}\n`;
    }
    // bytea columns come out hex-encoded; decode them too, so a plaintext inside a blob would still be found.
    const blobs = [...dump.matchAll(/\\\\x([0-9a-f]+)/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'));
    expect(blobs.length).toBeGreaterThan(3);
    dump += blobs.join('\n');
    expect(dump.length).toBeGreaterThan(1000);
    for (const s of [secretPassword, seed, '1111-2222', 'recovery answers']) expect(dump).not.toContain(s);
  });

  // pg_dump refuses a server of a newer major, so this runs where versions match (CI's PostgreSQL 15 pass).
  const pgDumpMajor = Number(/(\d+)\./.exec(spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 0);
  it('a real pg_dump of the whole database holds none of the secrets', async (test) => {
    const t = get();
    const serverMajor = Math.floor(Number((await t.database.pool.query<{ v: number }>("select current_setting('server_version_num')::int as v")).rows[0]!.v) / 10000);
    if (pgDumpMajor !== serverMajor) test.skip();
    const owner = await buildWorkspace(t);
    await addAccount(t, owner);
    const url = new URL(t.database.pool.options.connectionString!);
    const dump = spawnSync('pg_dump', ['--no-owner', '--dbname', url.toString()], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain('COPY public.account_secrets');
    for (const s of [secretPassword, seed, '1111-2222', 'recovery answers']) expect(dump.stdout).not.toContain(s);
  });

  it('a ciphertext copied into another account does not decrypt', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const one = await addAccount(t, owner);
    const two = await addAccount(t, owner, { password: 'other password' });
    await t.database.pool.query(`update account_secrets set ciphertext = (select ciphertext from account_secrets where account_id = $1 and field = 'password') where account_id = $2 and field = 'password'`, [one.id, two.id]);
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${two.id}/password/retrieve`, headers: { cookie: owner.cookie }, payload: { purpose: 'show' } });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain(secretPassword);
    expect(r.body).not.toContain('other password');
  });
});

describe('password generator endpoint', () => {
  it('generates up to 1000 passwords that meet the rule, and explains impossible rules', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/passwords/generate', headers: { cookie: owner.cookie }, payload: { rules: 'minlength: 12; maxlength: 16; required: digit; required: upper; allowed: lower;', count: 1000 } });
    const { passwords } = ok.json() as { passwords: string[] };
    expect(passwords).toHaveLength(1000);
    for (const p of passwords) expect(p).toMatch(/^(?=.*\d)(?=.*[A-Z])[A-Za-z0-9]{12,16}$/);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/passwords/generate', headers: { cookie: owner.cookie }, payload: { rules: 'minlength: 20; maxlength: 8;' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_password_rules' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/passwords/generate', headers: { cookie: owner.cookie }, payload: { count: 1001 } })).statusCode).toBe(400);
  });
});

describe('the automation writing a renewed credential', () => {
  it('replaces only the secret it read, so a token saved meanwhile wins; the write is audited', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const { id } = await addAccount(t, owner, { password: 'token-read-by-the-job' });
    const reason = { jobId: '00000000-0000-4000-8000-0000000000aa', task: 'sync_hub', why: 'token_refreshed' };
    const write = (value: string, replaces: string): Promise<boolean> => t.database.tx((tx) => t.services.accounts.writeForAutomation(tx, owner.workspaceId, id, 'password', value, { ...reason, replaces }));
    const stored = async (): Promise<string | null> => t.database.tx((tx) => t.services.accounts.readForAutomation(tx, owner.workspaceId, id, 'password', reason));

    expect(await write('refreshed-1', 'token-read-by-the-job')).toBe(true);
    expect(await stored()).toBe('refreshed-1');
    // Someone pastes a new token; a refresh of the old one arrives late and must not overwrite it.
    await t.database.tx((tx) => t.services.accounts.writeForAutomation(tx, owner.workspaceId, id, 'password', 'pasted-by-a-person', { ...reason, replaces: 'refreshed-1' }));
    expect(await write('refreshed-2', 'token-read-by-the-job')).toBe(false);
    expect(await stored()).toBe('pasted-by-a-person');
    const events = await t.database.pool.query(`select count(*)::int n from activity_events where workspace_id = $1 and type = 'account.credentials.updated' and data->>'why' = 'token_refreshed'`, [owner.workspaceId]);
    expect(events.rows[0].n).toBe(2);
  });
});
