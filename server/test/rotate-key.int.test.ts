import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, signInOver, useCli } from './cli-process.ts';

const cli = useCli();
const password = 'a long enough password';

describe('master key', () => {
  it('rotates without losing a secret, and a wrong key stops start-up with a clear message', async () => {
    expect((await cli.exitOf(cli.run(['create-owner', '--name', 'Keys', '--owner-email', 'owner@keys.test'], {}, `${password}\n`))).code).toBe(0);
    const keyFile = join(cli.dataDir, 'master.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const before = readFileSync(keyFile, 'utf8');

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = cli.run(['start'], { LATCHKEY_PORT: String(port) });
    await cli.waitHealthy(base, first);
    const cookie = await signInOver(base, 'owner@keys.test', password);
    const created = await fetch(`${base}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ label: 'Ads', password: 'sealed before rotation' }) });
    const { id } = (await created.json()) as { id: string };
    first.kill('SIGTERM');
    expect((await cli.exitOf(first)).code).toBe(0);

    const rotated = await cli.exitOf(cli.run(['rotate-master-key']));
    expect(rotated.out).toMatch(/Re-wrapped 1 workspace data key/);
    expect(rotated.code).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const second = cli.run(['start'], { LATCHKEY_PORT: String(port) });
    await cli.waitHealthy(base, second);
    const cookie2 = await signInOver(base, 'owner@keys.test', password);
    const shown = await fetch(`${base}/api/v1/accounts/${id}/password/retrieve`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookie2 }, body: JSON.stringify({ purpose: 'show' }) });
    expect(await shown.json()).toEqual({ password: 'sealed before rotation' });
    second.kill('SIGTERM');
    await cli.exitOf(second);

    const wrong = await cli.exitOf(cli.run(['start'], { LATCHKEY_PORT: String(port), LATCHKEY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/master key .* does not match this database/);
    expect(wrong.out).not.toContain(Buffer.alloc(32, 7).toString('base64'));
  }, 150_000);
});
