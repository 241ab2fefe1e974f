// A stand-in for a Latchkey process that owns the embedded server, for tests that `kill -9` it.
// Usage: node --import tsx orphan-owner.fixture.ts <dataDir> <pdeathsig 0|1>
import { startEmbeddedPostgresWith } from './supervisor.ts';

const [dataDir, pdeathsig] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: orphan-owner.fixture.ts <dataDir> <0|1>');
const quiet = { info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };
const embedded = await startEmbeddedPostgresWith(
  { dataDir, logger: quiet, extraArgs: ['-c', 'fsync=off'] },
  { pdeathsig: pdeathsig === '1', readyTimeoutMs: 20_000 },
);
process.stdout.write(`${JSON.stringify({ pid: process.pid, pgPid: embedded.pid })}\n`);
// Stay alive until the test kills us.
setInterval(() => undefined, 60_000);
