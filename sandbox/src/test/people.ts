import type { BusinessRole } from '../lib/roles.ts';
import type { SandboxHarness } from './harness.ts';

export const GOOD_PASSWORD = 'Correct-Horse-42';

let phoneSeq = 100;

/** A fresh test number in the +1 555 010 range (reserved for fiction). */
export function nextPhone(): string {
  phoneSeq += 1;
  return `+1555010${String(phoneSeq).padStart(4, '0')}`;
}

/**
 * Invites `email` through the admin API and completes the signup flow the way a person would,
 * returning the new member's id, phone and session token.
 */
export async function addMember(h: SandboxHarness, biz: { id: string; token: string }, email: string, role: BusinessRole = 'EMPLOYEE'): Promise<{ id: string; phone: string; session: string }> {
  const res = await h.api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email, role }] });
  if (res.statusCode !== 200) throw new Error(`invite failed: ${res.body}`);
  const phone = nextPhone();
  const challenge = await h.services.signup.start(h.inviteToken(email), { password: GOOD_PASSWORD, phone });
  const session = await h.services.signup.complete(challenge, await h.lastSmsCode(phone));
  const user = await h.services.sessions.resolve(h.database.db, session);
  if (!user) throw new Error('signup did not open a session');
  return { id: user.id, phone, session };
}
