import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createConnection } from 'node:net';

export interface Child {
  name: string;
  process: ChildProcess;
  /** SIGINT (each program's clean shutdown), then SIGKILL if it has not exited within 20 s. */
  stop(): Promise<void>;
}

/** Starts a long-running program with its output appended to `logFile`; fails fast if it exits early. */
export function startChild(name: string, args: string[], env: Record<string, string>, logFile: string): Child {
  const log = createWriteStream(logFile, { flags: 'a' });
  // Own process group: a terminal's Ctrl-C reaches only the demo, which then stops each child in
  // order (Sandbox and Latchkey before maildev) with exactly one SIGINT each.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a one-shot program to completion, feeding `stdin`; resolves with its output, rejects with it on failure. */
export function runOnce(args: string[], env: Record<string, string>, stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} failed:\n${out}`))));
  });
}

/** Fails with a clear message when something already listens where a demo service wants to. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`Port ${port} (${what}) is already in use. Stop whatever runs there, then start the demo again.`));
    });
    socket.once('error', () => resolve());
  });
}

/** Polls `url` until it answers 2xx, or fails naming the child whose log to read. */
export async function waitForHttp(url: string, child: Child, logFile: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited during start-up; see ${logFile}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}
