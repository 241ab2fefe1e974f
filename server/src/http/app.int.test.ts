import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';

const get = useTestApp();

describe('HTTP surface', () => {
  it('answers health only when the database is migrated', async () => {
    const { app, database } = get();
    const ok = await app.inject({ url: '/api/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok' });
    await database.pool.query('alter table drizzle.__drizzle_migrations rename to __hidden');
    try {
      const down = await app.inject({ url: '/api/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ code: 'unavailable' });
    } finally {
      await database.pool.query('alter table drizzle.__hidden rename to __drizzle_migrations');
    }
  });

  it('publishes OpenAPI 3.1 and a public docs UI', async () => {
    const { app } = get();
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/members', '/api/v1/accounts/{id}/totp-code']));
    expect((await app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('sends security headers and a request id that matches the problem instance', async () => {
    const { app } = get();
    const r = await app.inject({ url: '/api/v1/members' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    expect((r.json() as { instance: string }).instance).toBe(r.headers['x-request-id']);
  });
});
