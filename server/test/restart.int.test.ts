import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'lk-restart-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function cli(args: string[], env: Record<string, string>, stdin?: string): ChildProcess {
  // One process (no tsx wrapper), so signals reach Latchkey's own shutdown handler.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', LATCHKEY_DATA_DIR: dataDir, LATCHKEY_LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  if (stdin !== undefined) child.stdin!.end(stdin);
  return child;
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out };
}

async function waitHealthy(base: string, child: ChildProcess): Promise<void> {
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy in time: ${log}`);
}

describe('latchkey start on the embedded database', () => {
  it('comes back after kill -9 with nothing lost, and the CLI creates workspaces', async () => {
    const created = await exitOf(cli(['create-owner', '--name', 'Restart Co', '--owner-email', 'owner@restart.test'], {}, 'a long enough password\n'));
    expect(created.out).toContain('Created workspace "Restart Co"');
    expect(created.code).toBe(0);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = cli(['start'], { LATCHKEY_PORT: String(port) });
    await waitHealthy(base, first);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@restart.test', password: 'a long enough password' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const team = await fetch(`${base}/api/v1/teams`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'Survives crashes' }) });
    expect(team.status).toBe(201);

    first.kill('SIGKILL');
    await new Promise((r) => first.on('exit', r));

    const second = cli(['start'], { LATCHKEY_PORT: String(port) });
    await waitHealthy(base, second);
    const teams = await fetch(`${base}/api/v1/teams`, { headers: { cookie } });
    expect(((await teams.json()) as { data: { name: string }[] }).data.map((t) => t.name)).toEqual(['Survives crashes']);

    second.kill('SIGTERM');
    expect((await exitOf(second)).code).toBe(0);
    // create-owner refuses a second first workspace; create-workspace adds one.
    expect((await exitOf(cli(['create-owner', '--name', 'Again', '--owner-email', 'x@again.test'], {}, 'a long enough password\n'))).out).toContain('already set up');
    expect((await exitOf(cli(['create-workspace', '--name', 'Second', '--owner-email', 'owner@second.test'], {}, 'a long enough password\n'))).code).toBe(0);
  }, 120_000);
});
