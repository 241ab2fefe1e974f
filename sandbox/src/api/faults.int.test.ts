import { describe, expect, test } from 'vitest';
import { useSandbox } from '../test/harness.ts';

const slept: number[] = [];
const h = useSandbox({ guard: { sleep: async (ms) => void slept.push(ms) } });
const members = (id: string): string => `/api/v1/businesses/${id}/members`;

describe('fault injection', () => {
  test('off by default: a business answers normally whatever the draw', async () => {
    const biz = await h().business();
    h().draw.value = 0;
    expect((await h().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
    expect(slept).toEqual([]);
  });

  test('a fraction of 429s with Retry-After, and of 503s, chosen by the draw', async () => {
    const biz = await h().business();
    await h().services.businesses.configure(biz.id, { faultRate429: 0.3, faultRate503: 0.2 });
    h().draw.value = 0.1;
    const limited = await h().api('GET', members(biz.id), biz.token);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({ code: 'rate_limited', retryAfter: 1 });
    h().draw.value = 0.4;
    const down = await h().api('GET', members(biz.id), biz.token);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'unavailable' });
    h().draw.value = 0.6;
    expect((await h().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
  });

  test('faults of one business leave another alone', async () => {
    const noisy = await h().business();
    const quiet = await h().business();
    await h().services.businesses.configure(noisy.id, { faultRate503: 1 });
    h().draw.value = 0;
    expect((await h().api('GET', members(noisy.id), noisy.token)).statusCode).toBe(503);
    expect((await h().api('GET', members(quiet.id), quiet.token)).statusCode).toBe(200);
  });

  test('added latency is applied before the answer', async () => {
    const biz = await h().business();
    await h().services.businesses.configure(biz.id, { faultLatencyMs: 250 });
    slept.length = 0;
    expect((await h().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
    expect(slept).toEqual([250]);
  });

  test('a seat limit turns away a batch that does not fit, inviting nobody', async () => {
    const biz = await h().business({ seats: 2 });
    const url = `/api/v1/businesses/${biz.id}/invites`;
    await h().api('POST', url, biz.token, { invites: [{ email: 'one@s.test', role: 'ANALYST' }] });
    const mails = h().mails.length;
    const res = await h().api('POST', url, biz.token, { invites: [{ email: 'two@s.test', role: 'ANALYST' }, { email: 'three@s.test', role: 'ANALYST' }, { email: 'one@s.test', role: 'ANALYST' }] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'seat_limit_reached', seatLimit: 2, seatsUsed: 1, seatsRequested: 2 });
    expect(h().mails.length).toBe(mails);
    expect((await h().api('GET', url, biz.token)).json().data).toHaveLength(1);
    // One that fits goes through; the already-invited person costs no seat.
    const ok = await h().api('POST', url, biz.token, { invites: [{ email: 'two@s.test', role: 'ANALYST' }, { email: 'one@s.test', role: 'ANALYST' }] });
    expect(ok.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['INVITED', 'ALREADY_INVITED']);
  });

  test('a lowered seat limit blocks signup of an invite sent earlier', async () => {
    const biz = await h().business({ seats: 1 });
    await h().api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email: 'late@s.test', role: 'ANALYST' }] });
    await h().services.businesses.configure(biz.id, { seatLimit: 0 });
    const challenge = await h().services.signup.start(h().inviteToken('late@s.test'), { password: 'Correct-Horse-42', phone: '+15550109999' });
    await expect(h().services.signup.complete(challenge, await h().lastSmsCode('+15550109999'))).rejects.toThrow(/no free seats/);
  });

  test('revoking one token leaves the others working', async () => {
    const biz = await h().business();
    const second = await h().services.businesses.createToken(biz.id);
    const first = (await h().services.businesses.listTokens(biz.id)).find((t) => t.id !== second.row.id);
    expect(first).toBeDefined();
    await h().services.businesses.revokeTokens(biz.id, first?.id ?? null);
    expect((await h().api('GET', members(biz.id), biz.token)).json()).toMatchObject({ code: 'insufficient_permission' });
    expect((await h().api('GET', members(biz.id), second.token)).statusCode).toBe(200);
  });
});

// Process-wide defaults (SANDBOX_FAULT_* in the environment) for benchmarks: every business fails
// until it sets its own value.
const withEnv = useSandbox({ faults: { latencyMs: 0, rate429: 1, rate503: 0 } });

describe('environment fault defaults', () => {
  test('apply to a business without settings, and yield to its own', async () => {
    const biz = await withEnv().business();
    withEnv().draw.value = 0.5;
    expect((await withEnv().api('GET', members(biz.id), biz.token)).statusCode).toBe(429);
    await withEnv().services.businesses.configure(biz.id, { faultRate429: 0 });
    expect((await withEnv().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
  });
});

// The real per-token limit, independent of injected faults.
const limited = useSandbox({ apiRateLimitPerMinute: 2 });

describe('per-token rate limit', () => {
  test('the third call in a minute is a documented 429 with Retry-After; another token is unaffected', async () => {
    const biz = await limited().business();
    const other = await limited().services.businesses.createToken(biz.id);
    expect((await limited().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
    expect((await limited().api('GET', members(biz.id), biz.token)).statusCode).toBe(200);
    const third = await limited().api('GET', members(biz.id), biz.token);
    expect(third.statusCode).toBe(429);
    expect(third.headers['content-type']).toContain('application/problem+json');
    expect(third.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect((await limited().api('GET', members(biz.id), other.token)).statusCode).toBe(200);
  });
});
