import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './index.ts';
import { pidState, waitForPidExit } from './proc.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fast = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
const dirs: string[] = [];
const running = new Set<EmbeddedPostgres>();
const strayPids = new Set<number>();

function captureLogger(): EmbeddedPostgresOptions['logger'] & { entries: Array<{ level: string; obj: unknown; msg?: string }> } {
  const entries: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const at = (level: string) => (obj: object | string, msg?: string): void => void entries.push({ level, obj, msg });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

function outcomeOf(logger: ReturnType<typeof captureLogger>): unknown {
  return (logger.entries.find((e) => e.msg === 'embedded postgres: cleared a previous run')?.obj as { outcome?: string } | undefined)?.outcome ?? 'none';
}

async function start(dataDir: string, logger = captureLogger()): Promise<EmbeddedPostgres> {
  const embedded = await startEmbeddedPostgres({ dataDir, logger, extraArgs: fast });
  running.add(embedded);
  return embedded;
}

async function stop(embedded: EmbeddedPostgres): Promise<void> {
  await embedded.stop();
  running.delete(embedded);
}

async function selectOne(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query('select 1 as one')).rows;
  } finally {
    await client.end();
  }
}

let shared: Promise<string> | undefined;
/**
 * One initialised cluster for the whole file (initdb and even a cold copy cost ~1 s each on a slow
 * disk). Every test starts from it stopped, and `afterEach` puts it back in that state.
 */
function stoppedCluster(): Promise<string> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-orphan-test-'));
    dirs.push(dir);
    await stop(await start(dir));
    return dir;
  })();
  return shared;
}

async function stopStrays(): Promise<void> {
  await Promise.all([...running].map((e) => stop(e)));
  for (const pid of strayPids) if ((await pidState(pid)) === 'running') process.kill(pid, 'SIGQUIT');
  await Promise.all([...strayPids].map((pid) => waitForPidExit(pid, 20_000, { acceptZombie: true })));
  strayPids.clear();
}

/** Starts the supervisor in a separate Node process, like a real Latchkey that we can `kill -9`. */
async function startOwnerProcess(dataDir: string, pdeathsig: boolean): Promise<{ kill9(): Promise<void>; pgPid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'orphan-owner.fixture.ts'), dataDir, pdeathsig ? '1' : '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited.then(() => ['exited'])])) as [string];
  if (line === 'exited') throw new Error('owner process died before postgres was ready');
  const { pgPid } = JSON.parse(line) as { pgPid: number };
  strayPids.add(pgPid);
  return {
    pgPid,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

afterEach(stopStrays);

afterAll(async () => {
  await stopStrays();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

// Starts, kills and waits on real processes: generous on a loaded machine, still bounded.
describe('orphan recovery on start', { timeout: 90_000 }, () => {
  test('a stale postmaster.pid naming a dead pid is ignored', async () => {
    const dataDir = await stoppedCluster();
    // Take a real pid file from a running server, so every other line is realistic.
    const live = await start(dataDir);
    const pidFile = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
    await stop(live);
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    await writeFile(join(dataDir, 'pg', 'postmaster.pid'), pidFile.replace(/^\d+/, String(dead.pid)));

    const logger = captureLogger();
    const embedded = await start(dataDir, logger);
    expect(outcomeOf(logger)).toBe('stale');
    expect(await selectOne(embedded.url)).toEqual([{ one: 1 }]);
    await stop(embedded);
  });

  test('a postmaster.pid naming a live, unrelated process is cleared', async () => {
    const dataDir = await stoppedCluster();
    const live = await start(dataDir);
    const pidFile = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
    await stop(live);
    // This vitest worker is alive, but it is not a postmaster in that data dir: a recycled PID.
    await writeFile(join(dataDir, 'pg', 'postmaster.pid'), pidFile.replace(/^\d+/, String(process.pid)));

    const logger = captureLogger();
    const embedded = await start(dataDir, logger);
    expect(outcomeOf(logger)).toBe('foreign');
    expect(await selectOne(embedded.url)).toEqual([{ one: 1 }]);
    await stop(embedded);
  });

  test('after kill -9 of postgres itself, the next start runs crash recovery', async () => {
    const dataDir = await stoppedCluster();
    const crashed = await start(dataDir);
    process.kill(crashed.pid, 'SIGKILL');
    expect(await waitForPidExit(crashed.pid, 20_000, { acceptZombie: false })).toBe(true);
    await stop(crashed);

    const logger = captureLogger();
    const embedded = await start(dataDir, logger);
    expect(outcomeOf(logger)).toBe('stale');
    expect(await selectOne(embedded.url)).toEqual([{ one: 1 }]);
    await stop(embedded);
  });

  test('after kill -9 of the owning Node process, the orphaned postmaster is stopped and replaced', async () => {
    const dataDir = await stoppedCluster();
    const owner = await startOwnerProcess(dataDir, false);
    await owner.kill9();
    expect(await pidState(owner.pgPid)).toBe('running');

    const logger = captureLogger();
    const embedded = await start(dataDir, logger);
    expect(outcomeOf(logger)).toBe('stopped');
    expect(embedded.pid).not.toBe(owner.pgPid);
    expect(await pidState(owner.pgPid)).not.toBe('running');
    expect(await selectOne(embedded.url)).toEqual([{ one: 1 }]);
    await stop(embedded);
  });

  test.runIf(process.platform === 'linux')('with pdeathsig, postgres shuts itself down when its owner is kill -9ed', async () => {
    const dataDir = await stoppedCluster();
    const owner = await startOwnerProcess(dataDir, true);
    await owner.kill9();
    expect(await waitForPidExit(owner.pgPid, 20_000, { acceptZombie: true })).toBe(true);

    const logger = captureLogger();
    const embedded = await start(dataDir, logger);
    expect(outcomeOf(logger)).toBe('none');
    expect(await selectOne(embedded.url)).toEqual([{ one: 1 }]);
    await stop(embedded);
  });
});
