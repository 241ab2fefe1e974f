import { describe, expect, test } from 'vitest';
import { useSandbox } from '../test/harness.ts';

const h = useSandbox();

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
}

/** Garbage a careless or hostile client might send; none of it may produce a 500. */
const bodies: { payload: string; contentType: string }[] = [
  { payload: '{', contentType: 'application/json' },
  { payload: '', contentType: 'application/json' },
  { payload: '[]', contentType: 'application/json' },
  { payload: '{"invites":"x","role":42,"access":null}', contentType: 'application/json' },
  { payload: '{"invites":[{"email":"not-an-email","role":"KING"}]}', contentType: 'application/json' },
  { payload: 'role=ADMIN', contentType: 'text/plain' },
  { payload: '{"role":"ADMIN","extra":true}', contentType: 'application/json' },
];
const ids = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', '..%2F..'];

describe('the OpenAPI document and bad input', () => {
  test('documents every admin route with bearer security and its problem responses', async () => {
    const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /api/v1/businesses/{businessId}/',
        'GET /api/v1/businesses/{businessId}/members',
        'PATCH /api/v1/businesses/{businessId}/members/{memberId}',
        'DELETE /api/v1/businesses/{businessId}/members/{memberId}',
        'GET /api/v1/businesses/{businessId}/invites',
        'POST /api/v1/businesses/{businessId}/invites',
        'POST /api/v1/businesses/{businessId}/invites/{inviteId}/resend',
        'DELETE /api/v1/businesses/{businessId}/invites/{inviteId}',
        'GET /api/v1/businesses/{businessId}/assets',
        'PUT /api/v1/businesses/{businessId}/assets/{assetId}/roles/{memberId}',
        'DELETE /api/v1/businesses/{businessId}/assets/{assetId}/roles/{memberId}',
      ].sort(),
    );
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(op.security).toEqual([{ serviceToken: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '429', '503']));
      }
    }
  });

  test('no route answers 500 to malformed ids, bodies or queries; every error is problem+json', async () => {
    const biz = await h().business();
    const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
    let requests = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        for (const id of ids) {
          const url = template.replace('{businessId}', biz.id).replace(/\{\w+\}/g, id);
          for (const body of method === 'get' || method === 'delete' ? [null] : bodies) {
            const res = await h().app.inject({
              method: method.toUpperCase() as 'GET',
              url: `${url}?limit=abc&cursor=%ZZ&status=NOPE`,
              headers: { authorization: `Bearer ${biz.token}`, ...(body ? { 'content-type': body.contentType } : {}) },
              ...(body ? { payload: body.payload } : {}),
            });
            requests++;
            expect(res.statusCode, `${method} ${url} ${body?.payload ?? ''}`).toBeLessThan(500);
            expect(res.statusCode).toBeGreaterThanOrEqual(400);
            expect(res.headers['content-type']).toContain('application/problem+json');
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
  });
});
