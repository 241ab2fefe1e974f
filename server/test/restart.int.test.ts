import { describe, expect, it } from 'vitest';
import { freePort, signInOver, useCli } from './cli-process.ts';

const cli = useCli();
const password = 'a long enough password';

describe('latchkey start on the embedded database', () => {
  it('comes back after kill -9 with nothing lost, and the CLI creates workspaces', async () => {
    const created = await cli.exitOf(cli.run(['create-owner', '--name', 'Restart Co', '--owner-email', 'owner@restart.test'], {}, `${password}\n`));
    expect(created.out).toContain('Created workspace "Restart Co"');
    expect(created.code).toBe(0);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = cli.run(['start'], { LATCHKEY_PORT: String(port) });
    await cli.waitHealthy(base, first);
    const cookie = await signInOver(base, 'owner@restart.test', password);
    const team = await fetch(`${base}/api/v1/teams`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'Survives crashes' }) });
    expect(team.status).toBe(201);

    first.kill('SIGKILL');
    await new Promise((r) => first.on('exit', r));

    const second = cli.run(['start'], { LATCHKEY_PORT: String(port) });
    await cli.waitHealthy(base, second);
    const teams = await fetch(`${base}/api/v1/teams`, { headers: { cookie } });
    expect(((await teams.json()) as { data: { name: string }[] }).data.map((t) => t.name)).toEqual(['Survives crashes']);

    second.kill('SIGTERM');
    expect((await cli.exitOf(second)).code).toBe(0);
    // create-owner refuses a second first workspace; create-workspace adds one.
    expect((await cli.exitOf(cli.run(['create-owner', '--name', 'Again', '--owner-email', 'x@again.test'], {}, `${password}\n`))).out).toContain('already set up');
    expect((await cli.exitOf(cli.run(['create-workspace', '--name', 'Second', '--owner-email', 'owner@second.test'], {}, `${password}\n`))).code).toBe(0);
  }, 120_000);
});
