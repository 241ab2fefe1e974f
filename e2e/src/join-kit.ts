import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../sandbox/src/test/smtp-sink.ts';
import { invitationToken, signInPassword } from './browser-kit.ts';
import type { BrowserApp } from './harness.ts';

/**
 * Shared steps of the join-flow browser tests (seeds 000, 001, 002 and the TikTok flow): Latchkey
 * members, bounded polling and the fake apps' invite e-mails (sign-in and screenshots are in browser-kit.ts).
 */

export const managedOption = /I haven.t created the account and want to protect my contact information by using a Latchkey-managed identity/;

/** An active workspace member: invited by the Owner, invitation accepted with the mailed token. Returns the member id. */
export async function addMember(t: BrowserApp, owner: BrowserContext, address: string, firstName: string, lastName: string): Promise<string> {
  const invite = await owner.request.post('/api/v1/members', { data: { email: address, role: 'user', firstName, lastName } });
  expect(invite.status(), await invite.text()).toBe(201);
  const token = await invitationToken(owner, address);
  const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: signInPassword, firstName, lastName } });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return ((await invite.json()) as { id: string }).id;
}

/** Polls `fn` until it returns something truthy, for at most `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function hubMemberState(owner: BrowserContext, hubId: string, memberId: string): Promise<string | undefined> {
  const r = await owner.request.get(`/api/v1/hubs/${hubId}/members?tab=all`);
  if (!r.ok()) return undefined;
  return ((await r.json()) as { data: { memberId: string | null; state: string }[] }).data.find((m) => m.memberId === memberId)?.state;
}

/** Creates a hub with a pasted service token through the API and waits until it is healthy. */
export async function connectHub(owner: BrowserContext, body: { appKey: string; label: string; businessId: string; token: string; connectFields?: Record<string, string> }): Promise<string> {
  const created = await owner.request.post('/api/v1/hubs', {
    data: { appKey: body.appKey, label: body.label, businessId: body.businessId, loginMethod: 'username_password', serviceCredential: { label: `${body.label} token`, token: body.token }, ...(body.connectFields ? { connectFields: body.connectFields } : {}) },
  });
  expect(created.status(), await created.text()).toBe(201);
  const hubId = ((await created.json()) as { id: string }).id;
  await until('the hub to turn healthy', async () => ((await (await owner.request.get(`/api/v1/hubs/${hubId}`)).json()) as { health: string }).health === 'healthy', 30_000);
  return hubId;
}

/** An in-process SMTP server the fake apps send their invite e-mails to, for the whole file. */
export function useSmtpSink(): () => SmtpSink {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });
  return () => {
    if (!sink) throw new Error('useSmtpSink() is only ready inside tests');
    return sink;
  };
}

/** The link matching `pattern` in the newest e-mail to `to` (waits for it). */
export async function linkInMail(sink: SmtpSink, to: string, pattern: RegExp, timeoutMs = 20_000): Promise<{ link: string; subject: string }> {
  const mail = await until(`an e-mail to ${to}`, () => [...sink.received].reverse().find((m) => m.to === to), timeoutMs);
  const link = pattern.exec(mail.text)?.[0];
  if (!link) throw new Error(`the e-mail to ${to} has no link like ${pattern}:\n${mail.text}`);
  return { link, subject: mail.subject };
}

/** Values of the "Create <app name> account" dialog. */
export async function identityIn(create: Locator): Promise<{ email: string; password: string; phone: string | null }> {
  await create.getByTestId('identity-password').waitFor();
  const phone = create.getByTestId('identity-phone');
  return {
    email: (await create.getByTestId('identity-email').textContent()) ?? '',
    password: (await create.getByTestId('identity-password').textContent()) ?? '',
    phone: (await phone.count()) > 0 ? await phone.textContent() : null,
  };
}
