import { createServer, type AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { smsWebhookPath } from '../src/app/messaging.ts';
import { twilioSignature } from '../src/lib/twilio-signature.ts';
import type { TestApp } from './app.ts';
import type { SignedInMember } from './factories.ts';

export const testTwilioToken = 'test-twilio-auth-token-0123456789';
export const testAccountSid = 'AC172a2bb13923313a73ea9ac7443a4f10';

/** A port nothing listens on right now, so a test can know its public URL before the app listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

let sidSeq = 0;
export const newMessageSid = (): string => `SM${process.pid.toString(16).padStart(8, '0')}${(++sidSeq).toString(16).padStart(24, '0')}`;

/** Twilio inbound SMS form fields for `to`. */
export function smsParams(to: string, body: string, sid = newMessageSid()): Record<string, string> {
  return { MessageSid: sid, SmsSid: sid, AccountSid: testAccountSid, From: '+15005550006', To: to, Body: body, NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01' };
}

/** Posts the webhook as Twilio does, signed for `publicUrl` (or with the given signature / none). */
export async function postSms(t: TestApp, publicUrl: string, params: Record<string, string>, signature?: string | null): Promise<LightMyRequestResponse> {
  const sig = signature === undefined ? twilioSignature(testTwilioToken, `${publicUrl}${smsWebhookPath}`, params) : signature;
  return t.app.inject({ method: 'POST', url: smsWebhookPath, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig ? { 'x-twilio-signature': sig } : {}) }, payload: new URLSearchParams(params).toString() });
}

/** An account of `owner` (optionally for an app) with a managed number; returns both. */
export async function accountWithNumber(t: TestApp, owner: SignedInMember, label: string, appKey?: string): Promise<{ accountId: string; e164: string }> {
  const acc = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label, password: 'pw', ...(appKey ? { appKey } : {}) } });
  expect(acc.statusCode, acc.body).toBe(201);
  const accountId = (acc.json() as { id: string }).id;
  const phone = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${accountId}/managed-phone`, headers: { cookie: owner.cookie } });
  expect(phone.statusCode, phone.body).toBe(200);
  return { accountId, e164: (phone.json() as { e164: string }).e164 };
}

export async function shareAccount(t: TestApp, owner: SignedInMember, accountId: string, memberId: string, role: 'owner' | 'collaborator' = 'collaborator'): Promise<string> {
  const g = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${accountId}/grants`, headers: { cookie: owner.cookie }, payload: { subjectType: 'user', subjectId: memberId, role } });
  expect(g.statusCode, g.body).toBe(201);
  return (g.json() as { id: string }).id;
}

export async function countMessages(t: TestApp): Promise<number> {
  return (await t.database.pool.query<{ n: number }>('select count(*)::int as n from inbox_messages')).rows[0]!.n;
}

/** Opens `GET /inbox/stream` over real HTTP and collects its `message` events with their arrival times. */
export async function openStream<M = Record<string, unknown>>(baseUrl: string, cookie: string, query = ''): Promise<{ events: M[]; arrivals: number[]; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/inbox/stream${query}`, { headers: { cookie }, signal: ac.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: M[] = [];
  const arrivals: number[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^event: message\ndata: (.*)$/m.exec(block)?.[1];
          if (data) {
            events.push(JSON.parse(data) as M);
            arrivals.push(Date.now());
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, arrivals, close: () => ac.abort() };
}

export async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
