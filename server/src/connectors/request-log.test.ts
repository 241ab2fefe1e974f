import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedFetch, setConnectorRequestLog } from './request-log.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url?.startsWith('/fail') ? 429 : 200;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  setConnectorRequestLog(null);
  return new Promise<void>((r) => server.close(() => r()));
});

describe('loggedFetch', () => {
  it('logs method, host, path, status and time, and never the query, headers or body', async () => {
    const lines: { level: string; entry: Record<string, unknown> }[] = [];
    setConnectorRequestLog({ debug: (entry: object) => lines.push({ level: 'debug', entry: entry as Record<string, unknown> }), warn: (entry: object) => lines.push({ level: 'warn', entry: entry as Record<string, unknown> }) } as never);
    const init = { method: 'POST', headers: { authorization: 'Bearer tok-SECRET-1' }, body: 'client_secret=SECRET-2', signal: AbortSignal.timeout(5000) };
    await loggedFetch(`${base}/v5/businesses/1/invites?access_token=SECRET-3&email=ana%40acme.test`, init);
    await loggedFetch(`${base}/fail/members`, { method: 'GET', signal: AbortSignal.timeout(5000) });
    await expect(loggedFetch('http://127.0.0.1:9/unreachable?token=SECRET-4', { signal: AbortSignal.timeout(5000) })).rejects.toThrow();

    expect(lines.map((l) => [l.level, l.entry.method, l.entry.path, l.entry.status ?? l.entry.error])).toEqual([
      ['debug', 'POST', '/v5/businesses/1/invites', 200],
      ['warn', 'GET', '/fail/members', 429],
      ['warn', 'GET', '/unreachable', 'TypeError'],
    ]);
    expect(lines.every((l) => typeof l.entry.ms === 'number')).toBe(true);
    const all = JSON.stringify(lines);
    for (const secret of ['SECRET-1', 'SECRET-2', 'SECRET-3', 'SECRET-4', 'ana']) expect(all).not.toContain(secret);
  });
});
