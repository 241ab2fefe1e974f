import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSandbox } from '../../../../sandbox/src/db/migrate.ts';
import { createCarrier } from '../../../../sandbox/src/sms/carrier.ts';
import { useTestApp } from '../../../test/app.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { accountWithNumber, countMessages, freePort, postSms, smsParams, testAccountSid, testTwilioToken } from '../../../test/messaging.ts';
import { smsWebhookPath } from '../../app/messaging.ts';
import { systemClock } from '../../lib/clock.ts';
import { twilioSignature } from '../../lib/twilio-signature.ts';

// The app listens on a real port so the sandbox's carrier can post to it; signatures cover that URL.
const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
const get = useTestApp({ publicUrl, connectors: [fakeConnector(fakeSpace())], messaging: { webhookAuthToken: testTwilioToken, twilioAccountSid: testAccountSid } });
beforeAll(async () => {
  await get().app.listen({ host: '127.0.0.1', port });
});
afterAll(() => get().app.close());

const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

describe('inbound SMS webhook (Twilio format)', () => {
  it('refuses an unsigned or forged message with 403 and stores nothing', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const { e164 } = await accountWithNumber(t, owner, 'Forgery target');
    const before = await countMessages(t);
    const params = smsParams(e164, 'Your code is 111111');
    const unsigned = await postSms(t, publicUrl, params, null);
    expect(unsigned.statusCode).toBe(403);
    expect(unsigned.json()).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(/X-Twilio-Signature/) });
    const wrongKey = await postSms(t, publicUrl, params, twilioSignature('another-auth-token-000', `${publicUrl}${smsWebhookPath}`, params));
    expect(wrongKey.statusCode).toBe(403);
    // A valid signature over other fields (the body changed by one digit) is a forgery too.
    const tampered = await postSms(t, publicUrl, { ...params, Body: 'Your code is 111112' }, twilioSignature(testTwilioToken, `${publicUrl}${smsWebhookPath}`, params));
    expect(tampered.statusCode).toBe(403);
    // Signed for another host (e.g. TLS ended at a proxy that rewrote the URL).
    const otherUrl = await postSms(t, publicUrl, params, twilioSignature(testTwilioToken, `https://elsewhere.example${smsWebhookPath}`, params));
    expect(otherUrl.statusCode).toBe(403);
    const otherAccount = await postSms(t, publicUrl, { ...params, AccountSid: 'AC00000000000000000000000000000001' });
    expect(otherAccount.statusCode).toBe(403);
    expect(await countMessages(t)).toBe(before);
  });

  it('stores a replayed message once and answers every delivery with empty TwiML', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const { e164, accountId } = await accountWithNumber(t, owner, 'Replay target');
    const params = smsParams(e164, 'Your code is 222333');
    const before = await countMessages(t);
    for (let i = 0; i < 3; i++) {
      const r = await postSms(t, publicUrl, params);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('text/xml');
      expect(r.body).toBe(twiml);
    }
    expect(await countMessages(t)).toBe(before + 1);
    const row = (await t.database.pool.query<{ account_id: string; provider_message_id: string; body_text_enc: Buffer }>('select account_id, provider_message_id, body_text_enc from inbox_messages where provider_message_id = $1', [params.MessageSid])).rows[0]!;
    expect(row.account_id).toBe(accountId);
    // Bodies carry codes: sealed at rest.
    expect(row.body_text_enc.toString('latin1')).not.toContain('222333');
  });

  it('answers 200 for a number that is not bound to an account, and stores nothing', async () => {
    const t = get();
    const before = await countMessages(t);
    const r = await postSms(t, publicUrl, smsParams('+15550100999', 'hello'));
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(twiml);
    expect(await countMessages(t)).toBe(before);
  });

  it("stores a message the sandbox's carrier delivers, bound to the account, with the app's code extracted", async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const { e164, accountId } = await accountWithNumber(t, owner, 'Sandbox login', 'sandbox');
    const dbUrl = (t.database.pool.options as { connectionString: string }).connectionString;
    await migrateSandbox(dbUrl);
    const carrier = createCarrier({
      database: t.database,
      routes: [{ prefix: '+1555010', exact: false, url: `${publicUrl}${smsWebhookPath}` }],
      authToken: testTwilioToken,
      accountSid: testAccountSid,
      from: '+15005550006',
      clock: systemClock,
      log: pino({ level: 'silent' }),
      retry: { attempts: 1, baseDelayMs: 10, timeoutMs: 5000 },
    });
    const sid = await carrier.send(e164, 'Your Sandbox Business Center verification code is 482913. It expires in 10 minutes. Never share it.');
    await carrier.drain();
    expect((await carrier.recent(5)).find((m) => m.sid === sid)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    const row = (await t.database.pool.query<{ account_id: string; code_rule: string; channel: string; provider: string }>('select account_id, code_rule, channel, provider from inbox_messages where provider_message_id = $1', [sid])).rows[0];
    expect(row).toEqual({ account_id: accountId, code_rule: 'app:1', channel: 'sms', provider: 'local' });
    const res = await t.app.inject({ url: `/api/v1/inbox/messages?accountId=${accountId}`, headers: { cookie: owner.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const inbox = res.json() as { data: { code: string; from: string; to: string; bodyText: string }[] };
    expect(inbox.data[0]).toMatchObject({ code: '482913', from: '+15005550006', to: e164, bodyText: expect.stringContaining('482913') });
  });
});
