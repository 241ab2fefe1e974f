import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, testPublicUrl } from '../../../test/app.ts';
import { buildWorkspace, signIn } from '../../../test/factories.ts';
import { testAccountSid, testTwilioToken } from '../../../test/messaging.ts';

/**
 * A tiny Twilio REST API (2010-04-01) on loopback, speaking the documented protocol: Basic auth
 * with the account SID and auth token, AvailablePhoneNumbers search, IncomingPhoneNumbers
 * purchase (form body) and release (DELETE → 204), JSON errors with a Twilio `code`.
 */
interface FakeTwilio {
  url: string;
  owned: Map<string, { sid: string; phone: string; smsUrl: string; smsMethod: string }>;
  released: string[];
  requests: string[];
  close(): Promise<void>;
}

async function startFakeTwilio(accountSid: string, authToken: string): Promise<FakeTwilio> {
  const owned = new Map<string, { sid: string; phone: string; smsUrl: string; smsMethod: string }>();
  const released: string[] = [];
  const requests: string[] = [];
  let next = 4155550100;
  const body = (req: IncomingMessage): Promise<string> => new Promise((r) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => r(Buffer.concat(chunks).toString('utf8')));
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const json = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(payload === null ? undefined : JSON.stringify(payload));
      };
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push(`${req.method} ${url.pathname}`);
      if (req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      const base = `/2010-04-01/Accounts/${accountSid}`;
      if (req.method === 'GET' && url.pathname === `${base}/AvailablePhoneNumbers/US/Local.json`) {
        expect(url.searchParams.get('SmsEnabled')).toBe('true');
        return json(200, { available_phone_numbers: [{ phone_number: `+1${next}`, friendly_name: `(415) ${next}`, capabilities: { voice: true, SMS: true, MMS: true } }], uri: url.pathname });
      }
      if (req.method === 'POST' && url.pathname === `${base}/IncomingPhoneNumbers.json`) {
        const form = new URLSearchParams(await body(req));
        const phone = form.get('PhoneNumber') ?? '';
        if (phone !== `+1${next}`) return json(400, { code: 21422, message: 'PhoneNumber is not available', status: 400 });
        next++;
        const sid = `PN${(owned.size + 1).toString(16).padStart(32, '0')}`;
        owned.set(sid, { sid, phone, smsUrl: form.get('SmsUrl') ?? '', smsMethod: form.get('SmsMethod') ?? '' });
        return json(201, { sid, account_sid: accountSid, phone_number: phone, sms_url: form.get('SmsUrl'), capabilities: { voice: true, sms: true, mms: true, fax: false } });
      }
      const del = new RegExp(`^${base}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`).exec(url.pathname);
      if (req.method === 'DELETE' && del) {
        if (!owned.delete(del[1]!)) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
        released.push(del[1]!);
        return json(204, null);
      }
      return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, owned, released, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const fake = await startFakeTwilio(testAccountSid, testTwilioToken);
afterAll(() => fake.close());
const get = useTestApp({ messaging: { phoneProvider: 'twilio', twilioAccountSid: testAccountSid, webhookAuthToken: testTwilioToken, twilioApiUrl: fake.url, quarantineDays: 30 } });
let owner: Awaited<ReturnType<typeof buildWorkspace>>;
beforeAll(async () => {
  owner = await buildWorkspace(get(), 'Twilio Co');
});

type Num = { id: string; e164: string; provider: string; voip: boolean; status: string; accountId: string | null };

describe('Twilio numbers', () => {
  it('buys a number into the pool through the REST API, pointing its SMS webhook at Latchkey', async () => {
    const t = get();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: owner.cookie } });
    expect(res.statusCode, res.body).toBe(201);
    const n = res.json() as Num;
    expect(n).toMatchObject({ provider: 'twilio', voip: true, status: 'available', accountId: null });
    const bought = [...fake.owned.values()].find((o) => o.phone === n.e164);
    expect(bought).toMatchObject({ smsUrl: `${testPublicUrl}/api/v1/webhooks/sms/twilio`, smsMethod: 'POST' });
  });

  it('assigns from the pool, buys when it is empty, and never inside the assigning transaction', async () => {
    const t = get();
    const acc = async (label: string): Promise<string> => ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label } })).json() as { id: string }).id;
    const first = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${await acc('Uses the pool')}/managed-phone`, headers: { cookie: owner.cookie } });
    expect(first.statusCode, first.body).toBe(200);
    const purchases = fake.requests.filter((r) => r.startsWith('POST')).length;
    const second = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${await acc('Needs a purchase')}/managed-phone`, headers: { cookie: owner.cookie } });
    expect(second.statusCode, second.body).toBe(200);
    expect(fake.requests.filter((r) => r.startsWith('POST')).length).toBe(purchases + 1);
    expect((second.json() as Num).e164).not.toBe((first.json() as Num).e164);
    // assignNumber alone (inside a transaction) takes only what the pool has, and says so when it is empty.
    const third = await acc('No pool left');
    await expect(t.database.tx((tx) => t.services.messaging.phones.assignNumber(tx, { workspaceId: owner.workspaceId, accountId: third }))).rejects.toThrow(/No managed phone number is free/);
  });

  it('releases into quarantine, then gives the number back to Twilio only after it', async () => {
    const t = get();
    const accountId = ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'Short-lived' } })).json() as { id: string }).id;
    const n = (await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${accountId}/managed-phone`, headers: { cookie: owner.cookie } })).json() as Num;
    const sid = [...fake.owned.values()].find((o) => o.phone === n.e164)!.sid;
    await t.database.tx((tx) => t.services.messaging.phones.releaseForAccount(tx, accountId));
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/phone-numbers/${n.id}/retire`, headers: { cookie: owner.cookie } })).statusCode).toBe(409);
    expect(fake.released).not.toContain(sid);
    t.clock.advance(31 * 86_400_000);
    owner.cookie = await signIn(t, owner.email);
    const retired = await t.app.inject({ method: 'POST', url: `/api/v1/phone-numbers/${n.id}/retire`, headers: { cookie: owner.cookie } });
    t.clock.set(new Date());
    owner.cookie = await signIn(t, owner.email);
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired' });
    expect(fake.released).toContain(sid);
  });
});

describe('Twilio with wrong credentials', () => {
  const bad = useTestApp({ messaging: { phoneProvider: 'twilio', twilioAccountSid: testAccountSid, webhookAuthToken: 'not-the-right-token', twilioApiUrl: fake.url } });

  it('says what is wrong and adds nothing to the pool', async () => {
    const t = bad();
    const o = await buildWorkspace(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/phone-numbers', headers: { cookie: o.cookie } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'unavailable', detail: 'Twilio refused to list available numbers: the account SID or auth token is wrong (Twilio error 20003).' });
    expect((await t.database.pool.query('select 1 from phone_numbers')).rowCount).toBe(0);
  });
});
