import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { sessionCookieOf } from './app.ts';

let seq = 0;
export const uniqueEmail = (prefix = 'person'): string => `${prefix}.${process.pid}.${++seq}@example.test`;
export const goodPassword = 'correct horse battery staple';

export interface SignedInMember {
  id: string;
  email: string;
  workspaceId: string;
  cookie: string;
}

/** A workspace and its signed-in owner, created the way the CLI does it. */
export async function buildWorkspace(t: TestApp, name = 'Acme'): Promise<SignedInMember> {
  const email = uniqueEmail('owner');
  const { workspace, owner } = await t.services.workspaces.create({ workspaceName: name, email, password: goodPassword, firstName: 'Olga', lastName: 'Owner' });
  return { id: owner.id, email, workspaceId: workspace.id, cookie: await signIn(t, email) };
}

export async function signIn(t: TestApp, email: string, password = goodPassword): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  return sessionCookieOf(res);
}

/** The one-time token from the newest held email to `to` (what a person would click). */
export async function tokenFromOutbox(t: TestApp, admin: SignedInMember, to: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/outbox', headers: { cookie: admin.cookie } });
  const mail = (res.json() as { data: { to: string; text: string }[] }).data.find((m) => m.to === to);
  const token = mail?.text.match(/#token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no token mailed to ${to}`);
  return token;
}

/** Invites someone and lets them accept, returning them signed in. */
export async function buildMember(t: TestApp, admin: SignedInMember, role = 'user'): Promise<SignedInMember> {
  const email = uniqueEmail(role);
  const inv = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: admin.cookie }, payload: { email, role } });
  expect(inv.statusCode, inv.body).toBe(201);
  const token = await tokenFromOutbox(t, admin, email);
  const acc = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: goodPassword, firstName: 'Mia', lastName: 'Member' } });
  expect(acc.statusCode, acc.body).toBe(200);
  return { id: (inv.json() as { id: string }).id, email, workspaceId: admin.workspaceId, cookie: sessionCookieOf(acc) };
}
