import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, HttpFailure, retryReads, type ReadRetryPolicy } from './http.ts';

/** A tiny app whose answers are scripted per test: each request takes the next [status, headers]. */
let script: [number, Record<string, string>][] = [];
let calls = 0;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_req, res) => {
    calls++;
    const [status, headers] = script.shift() ?? [200, {}];
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(status === 200 ? { ok: true } : { code: 'x', detail: `status ${status}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/thing`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function policy(slept: number[]): ReadRetryPolicy {
  return { attempts: 4, baseMs: 100, maxWaitMs: 5000, sleep: async (ms) => void slept.push(ms) };
}
const get = (): Promise<unknown> => callJson(url, { method: 'GET', headers: {}, signal: new AbortController().signal, timeoutMs: 5000 });

describe('retryReads', () => {
  it('retries 503 and 429 in place, waiting at least what Retry-After asks, with jittered backoff', async () => {
    script = [[503, {}], [429, { 'retry-after': '2' }], [200, {}]];
    calls = 0;
    const slept: number[] = [];
    await expect(retryReads(get, policy(slept), new AbortController().signal)).resolves.toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(slept[0]).toBeGreaterThanOrEqual(80);
    expect(slept[0]).toBeLessThanOrEqual(120);
    expect(slept[1]).toBe(2000);
  });

  it('gives up after the last attempt with the app failure, for the job engine to reschedule', async () => {
    script = [[503, {}], [503, {}], [503, {}], [503, {}], [200, {}]];
    calls = 0;
    const err = await retryReads(get, policy([]), new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(calls).toBe(4);
    script = [];
  });

  it('does not wait out a Retry-After longer than the in-place limit, and never retries a refusal', async () => {
    script = [[429, { 'retry-after': '60' }], [200, {}]];
    calls = 0;
    await expect(retryReads(get, policy([]), new AbortController().signal)).rejects.toMatchObject({ problem: { status: 429, retryAfterMs: 60_000 } });
    expect(calls).toBe(1);
    script = [[403, {}], [200, {}]];
    calls = 0;
    await expect(retryReads(get, policy([]), new AbortController().signal)).rejects.toMatchObject({ problem: { status: 403 } });
    expect(calls).toBe(1);
    script = [];
  });
});
