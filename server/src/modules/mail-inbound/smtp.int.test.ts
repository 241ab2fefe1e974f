import nodemailer, { type SendMailOptions } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { countMessages } from '../../../test/messaging.ts';
import { startInboundSmtp, type InboundSmtp } from './smtp.ts';

const maxBytes = 64 * 1024;
const get = useTestApp({ messaging: { inboundDomain: 'in.acme.test' } });
let smtp: InboundSmtp;
beforeAll(async () => {
  const m = get().services.messaging;
  smtp = await startInboundSmtp({ host: '127.0.0.1', port: 0, maxBytes, addresses: m.emailAddresses, ingest: m.inboxIngest, log: pino({ level: 'silent' }) });
});
afterAll(() => smtp.close());

const send = (mail: SendMailOptions) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } }).sendMail({ from: 'Sandbox <no-reply@sandbox.test>', ...mail });

async function managedAddress(): Promise<{ owner: Awaited<ReturnType<typeof buildWorkspace>>; accountId: string; address: string }> {
  const t = get();
  const owner = await buildWorkspace(t);
  const accountId = ((await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'Mail login' } })).json() as { id: string }).id;
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${accountId}/managed-email`, headers: { cookie: owner.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return { owner, accountId, address: (res.json() as { address: string }).address };
}

describe('inbound SMTP for managed addresses', () => {
  it('gives each account one random alias on the inbound domain, without + tags', async () => {
    const { owner, accountId, address } = await managedAddress();
    expect(address).toMatch(/^acct-[a-z2-9]{10}@in\.acme\.test$/);
    const again = await get().app.inject({ method: 'POST', url: `/api/v1/accounts/${accountId}/managed-email`, headers: { cookie: owner.cookie } });
    expect(again.json()).toMatchObject({ address });
    const list = (await get().app.inject({ url: '/api/v1/email-addresses', headers: { cookie: owner.cookie } })).json() as { data: { address: string }[] };
    expect(list.data.map((a) => a.address)).toEqual([address]);
  });

  it('refuses mail for an unknown address at RCPT time and stores nothing', async () => {
    await managedAddress();
    const before = await countMessages(get());
    const err = (await send({ to: 'acct-doesnotexist@in.acme.test', subject: 'hi', text: 'code 123456' }).catch((e: unknown) => e)) as { responseCode?: number; command?: string };
    expect(err).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(await countMessages(get())).toBe(before);
  });

  it('parses, sanitises, seals and stores a message once per Message-ID, with its code', async () => {
    const t = get();
    const { owner, accountId, address } = await managedAddress();
    const mail = {
      to: address,
      subject: 'Confirm your sign-in',
      messageId: '<confirm-1@sandbox.test>',
      text: 'Your security code is 771122. It expires in 10 minutes.',
      html: '<p onclick="x()">Your security code is <b>771122</b></p><script>steal()</script><img src="https://tracker.example/p.gif">',
    };
    await send(mail);
    await send(mail);
    const rows = await t.database.pool.query<{ body_html_enc: Buffer; raw_enc: Buffer; provider: string }>('select body_html_enc, raw_enc, provider from inbox_messages where account_id = $1', [accountId]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.provider).toBe('smtp');
    expect(rows.rows[0]!.raw_enc.toString('latin1')).not.toContain('771122');
    const inbox = (await t.app.inject({ url: `/api/v1/inbox/messages?accountId=${accountId}`, headers: { cookie: owner.cookie } })).json() as { data: { channel: string; subject: string; code: string; bodyHtml: string; from: string; to: string }[] };
    expect(inbox.data).toEqual([expect.objectContaining({ channel: 'email', subject: 'Confirm your sign-in', code: '771122', from: 'no-reply@sandbox.test', to: address })]);
    expect(inbox.data[0]!.bodyHtml).toBe('<p>Your security code is <b>771122</b></p><img />');
  });

  it('refuses a message over the size limit', async () => {
    const { address } = await managedAddress();
    const before = await countMessages(get());
    const err = (await send({ to: address, subject: 'big', text: 'x'.repeat(maxBytes + 1024) }).catch((e: unknown) => e)) as { responseCode?: number };
    expect(err.responseCode).toBe(552);
    expect(await countMessages(get())).toBe(before);
  });
});
