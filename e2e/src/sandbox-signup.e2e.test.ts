import { createServer } from 'node:net';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
import { systemClock } from '../../server/src/lib/clock.ts';
import { cryptoRandom } from '../../server/src/lib/random.ts';
import { smtpTransport } from '../../server/src/modules/mail/transport.ts';
import { useTestDb } from '../../server/test/db.ts';
import { migrateSandbox } from '../../sandbox/src/db/migrate.ts';
import { buildSandboxApp } from '../../sandbox/src/http/app.ts';
import { createSandboxServices, type SandboxServices } from '../../sandbox/src/services.ts';
import { startSmsReceiver, type SmsReceiver } from '../../sandbox/src/test/sms-receiver.ts';
import { startSmtpSink, type SmtpSink } from '../../sandbox/src/test/smtp-sink.ts';
import type { FastifyInstance } from 'fastify';

const chromiumPath = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
const AUTH_TOKEN = 'e2e-twilio-auth-token-0123456789';
const EMAIL = 'ada@practice.test';
const PHONE = '+15550100777';
const PASSWORD = 'Sandbox-Practice-2030';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// Assertions use locator waits (`waitFor`, `inputValue`) because vitest's expect has no Playwright matchers.

/** The code in the newest signed SMS to PHONE that arrived after `seen` messages. */
async function nextSmsCode(receiver: SmsReceiver, seen: number): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const fresh = receiver.received.filter((m) => m.params.To === PHONE).slice(seen);
    const msg = fresh.at(-1);
    if (msg) {
      expect(msg.signatureValid).toBe(true);
      const code = /\b(\d{6})\b/.exec(msg.params.Body ?? '')?.[1];
      if (code) return code;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no SMS reached the gateway for ${PHONE}`);
}

const db = useTestDb();
let smtp: SmtpSink;
let receiver: SmsReceiver;
let database: Database;
let services: SandboxServices;
let app: FastifyInstance;
let browser: Browser;
let baseUrl = '';

beforeAll(async () => {
  [smtp, receiver] = await Promise.all([startSmtpSink(), startSmsReceiver(AUTH_TOKEN)]);
  await migrateSandbox(db.url());
  baseUrl = `http://127.0.0.1:${await freePort()}`;
  database = openDatabase(db.url(), { max: 4 });
  const log = pino({ level: 'silent' });
  services = createSandboxServices({
    config: { publicUrl: baseUrl, mailFrom: 'Sandbox <no-reply@sandbox.test>', inviteTtlHours: 168, sms: { routes: [{ prefix: '+1555010', exact: false, url: receiver.url }], authToken: AUTH_TOKEN, accountSid: 'AC172a2bb13923313a73ea9ac7443a4f10', from: '+15005550006' } },
    database,
    clock: systemClock,
    random: cryptoRandom,
    mailTransport: smtpTransport(smtp.url),
    log,
  });
  app = await buildSandboxApp({ services, logger: log, publicUrl: baseUrl, faultDefaults: { latencyMs: 0, rate429: 0, rate503: 0 }, apiRateLimitPerMinute: 600 });
  await app.listen({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await services?.carrier.drain();
  await app?.close();
  await database?.close();
  await Promise.all([smtp?.close(), receiver?.close()]);
});

describe('Sandbox Business Center in a real browser', () => {
  test('a person gets the invite email, signs up with a rule-abiding password and an SMS-verified phone, then logs in with an SMS code', async () => {
    const biz = await services.businesses.create({ name: 'Practice Ads' });
    const { token } = await services.businesses.createToken(biz.id);
    const invited = await fetch(`${baseUrl}/api/v1/businesses/${biz.id}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invites: [{ email: EMAIL, role: 'EMPLOYEE' }] }),
    });
    expect(invited.status).toBe(200);

    const mail = await smtp.waitFor(EMAIL);
    expect(mail.subject).toBe('Join Practice Ads on Sandbox Business Center');
    const link = /(http:\/\/\S+\/signup\?token=\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();

    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(link ?? '');
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
    expect(await page.getByLabel('Email').getAttribute('readonly')).not.toBeNull();
    await page.getByText('Between 12 and 64 characters').waitFor();

    // First a password that breaks the rule: the page says why, keeps the phone, sends no SMS.
    await page.getByLabel('Password').fill('tooshort');
    await page.getByLabel('Mobile phone number').fill(PHONE);
    await page.getByRole('button', { name: 'Send verification code' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('at least 12 required');
    expect(await page.getByLabel('Mobile phone number').inputValue()).toBe(PHONE);
    expect(receiver.received).toHaveLength(0);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Send verification code' }).click();
    await page.getByLabel('Verification code').fill(await nextSmsCode(receiver, 0));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/account\?welcome=1$/);
    expect(await page.getByRole('status').textContent()).toContain('Your account is ready');
    await page.getByText('Practice Ads — EMPLOYEE').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(`We texted a 6-digit code to +1 ••• ••• ${PHONE.slice(-4)}.`).waitFor();
    await page.getByLabel('Code from the text message').fill(await nextSmsCode(receiver, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByText(EMAIL).waitFor();

    const members = await fetch(`${baseUrl}/api/v1/businesses/${biz.id}/members`, { headers: { authorization: `Bearer ${token}` } });
    expect((await members.json()).data).toMatchObject([{ email: EMAIL, role: 'EMPLOYEE', twoFactor: 'SMS' }]);
    await context.close();
  });
});
