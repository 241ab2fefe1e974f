import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useSandbox } from '../test/harness.ts';
import { startSmsReceiver, type SmsReceiver } from '../test/sms-receiver.ts';

const AUTH_TOKEN = 'test-twilio-auth-token-0123456789';
let receiver: SmsReceiver;
// The receiver must exist before the harness reads the routes, so the routes point at a fixed
// object whose URL is filled in once the receiver listens.
const routes = [{ prefix: '+1555010', exact: false, url: '' }];
const h = useSandbox({ smsRoutes: routes, authToken: AUTH_TOKEN });

beforeAll(async () => {
  receiver = await startSmsReceiver(AUTH_TOKEN);
  for (const r of routes) r.url = receiver.url;
});
afterAll(() => receiver.close());

describe('carrier: SMS as a Twilio inbound webhook', () => {
  test('posts Twilio form fields, signed so the gateway can verify them', async () => {
    const sid = await h().services.carrier.send('+15550100001', 'Your code is 123456');
    const got = await receiver.waitFor('+15550100001');
    expect(got.signatureValid).toBe(true);
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(got.params).toMatchObject({
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: 'AC172a2bb13923313a73ea9ac7443a4f10',
      From: '+15005550006',
      To: '+15550100001',
      Body: 'Your code is 123456',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    await h().services.carrier.drain();
    expect((await h().services.carrier.recent(10)).find((m) => m.sid === sid)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
  });

  test('retries a failing gateway with the same MessageSid, then succeeds', async () => {
    receiver.failNext(2, 503);
    const sid = await h().services.carrier.send('+15550100002', 'retry me');
    await h().services.carrier.drain();
    expect((await h().services.carrier.recent(10)).find((m) => m.sid === sid)).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    expect(receiver.received.filter((m) => m.params.To === '+15550100002')).toHaveLength(1);
  });

  test('gives up after the last attempt and says why in the carrier log', async () => {
    receiver.failNext(3, 500);
    const sid = await h().services.carrier.send('+15550100003', 'doomed');
    await h().services.carrier.drain();
    expect((await h().services.carrier.recent(10)).find((m) => m.sid === sid)).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'gateway answered HTTP 500' });
  });

  test('a long message counts its segments', async () => {
    await h().services.carrier.send('+15550100004', 'x'.repeat(200));
    expect((await receiver.waitFor('+15550100004')).params.NumSegments).toBe('2');
  });

  test('numbers without a route are held in the carrier log for people to read', async () => {
    const sid = await h().services.carrier.send('+447700900123', 'held code 654321');
    const row = (await h().services.carrier.recent(10)).find((m) => m.sid === sid);
    expect(row).toMatchObject({ status: 'HELD', gatewayUrl: null, attempts: 0 });
    const page = await h().app.inject({ method: 'GET', url: '/admin/carrier' });
    expect(page.body).toContain('held code 654321');
    expect(receiver.received.some((m) => m.params.To === '+447700900123')).toBe(false);
  });
});
