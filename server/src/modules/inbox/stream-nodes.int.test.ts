import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { accountWithNumber, freePort, openStream, smsParams, testTwilioToken, waitFor } from '../../../test/messaging.ts';
import { defaultMessagingSettings, smsWebhookPath } from '../../app/messaging.ts';
import { createServices } from '../../app/services.ts';
import { createLocalKek } from '../../crypto/kek.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { buildApp } from '../../http/app.ts';
import { systemClock } from '../../lib/clock.ts';
import { cryptoRandom } from '../../lib/random.ts';
import { twilioSignature } from '../../lib/twilio-signature.ts';

// Two API nodes on one database and one master key, as behind a load balancer.
const masterKey = randomBytes(32);
const [portA, portB] = [await freePort(), await freePort()];
const urlA = `http://127.0.0.1:${portA}`;
const urlB = `http://127.0.0.1:${portB}`;
const get = useTestApp({ publicUrl: urlA, masterKey, messaging: { webhookAuthToken: testTwilioToken } });
let nodeB: { app: FastifyInstance; database: Database };

beforeAll(async () => {
  await get().app.listen({ host: '127.0.0.1', port: portA });
  const database = openDatabase(get().dbUrl, { max: 4 });
  const services = createServices({
    config: { publicUrl: urlB, mailFrom: 'Latchkey <no-reply@latchkey.test>', sessionTtlHours: 24, inviteTtlHours: 72, resetTtlMinutes: 60, loginMaxFailures: 5 },
    database,
    kek: createLocalKek(Buffer.from(masterKey)),
    clock: systemClock,
    random: cryptoRandom,
    mailTransport: null,
    connectors: [],
    messaging: { ...defaultMessagingSettings(), webhookAuthToken: testTwilioToken },
  });
  const app = await buildApp({ services, database, logger: pino({ level: 'silent' }), publicUrl: urlB, secureCookies: false, webDist: '/nonexistent' });
  await app.listen({ host: '127.0.0.1', port: portB });
  nodeB = { app, database };
});
afterAll(async () => {
  await nodeB.app.close();
  await nodeB.database.close();
  await get().app.close();
});

describe('live inbox across API nodes', () => {
  it('an SMS received by one node reaches a stream open on another within a second', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const { e164, accountId } = await accountWithNumber(t, owner, 'Two nodes');
    const stream = await openStream<{ accountId: string; code: string }>(urlA, owner.cookie);
    try {
      const params = smsParams(e164, 'Your verification code is 246810');
      const sentAt = Date.now();
      const res = await fetch(`${urlB}${smsWebhookPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(testTwilioToken, `${urlB}${smsWebhookPath}`, params) },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
      await waitFor(() => stream.events.length > 0, 1000);
      expect(stream.events[0]).toMatchObject({ accountId, code: '246810' });
      expect(stream.arrivals[0]! - sentAt).toBeLessThan(1000);
    } finally {
      stream.close();
    }
  });
});
