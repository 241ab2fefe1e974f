import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const root = join(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface CliHarness {
  dataDir: string;
  /** Runs `latchkey <args>` as one node process (no tsx wrapper, so signals reach Latchkey itself). */
  run(args: string[], env?: Record<string, string>, stdin?: string): ChildProcess;
  exitOf(child: ChildProcess): Promise<{ code: number | null; out: string }>;
  waitHealthy(base: string, child: ChildProcess): Promise<void>;
}

/** The real CLI against its own embedded database in a temporary data dir, cleaned up after the file. */
export function useCli(): CliHarness {
  const dataDir = mkdtempSync(join(tmpdir(), 'lk-cli-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    run(args, env = {}, stdin) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', LATCHKEY_MASTER_KEY: '', LATCHKEY_DATA_DIR: dataDir, LATCHKEY_LOG_LEVEL: 'warn', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      if (stdin !== undefined) child.stdin!.end(stdin);
      return child;
    },
    async exitOf(child) {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const code = child.exitCode ?? (await new Promise<number | null>((r) => child.on('exit', r)));
      return { code, out };
    },
    async waitHealthy(base, child) {
      let log = '';
      child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      for (let i = 0; i < 160; i++) {
        try {
          if ((await fetch(`${base}/api/health`)).status === 200) return;
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`not healthy in time: ${log}`);
    },
  };
}

export async function signInOver(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
