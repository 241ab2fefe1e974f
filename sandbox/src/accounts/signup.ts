import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { newId } from '../../../server/src/lib/ids.ts';
import { checkPassword } from '../../../server/src/lib/password-rules/index.ts';
import { hashPassword } from '../../../server/src/modules/auth/password-hash.ts';
import { getAsset, upsertAssetRole } from '../businesses/assets-repo.ts';
import { getBusiness, seatsUsed } from '../businesses/repo.ts';
import { getInviteById, setInviteStatus } from '../invites/repo.ts';
import type { InvitesService } from '../invites/service.ts';
import { inviteStatus } from '../invites/status.ts';
import { assetPermissions, type AssetPermission } from '../lib/roles.ts';
import { insertMembership } from '../members/repo.ts';
import type { Challenges } from './challenges.ts';
import { FormError, normalizePhone } from './form-error.ts';
import * as repo from './repo.ts';
import type { Sessions } from './sessions.ts';

export interface SignupService {
  /** Checks the password against the business's rule and the phone's form, then texts a code. Returns the challenge id. */
  start(token: string, input: { password: string; phone: string }): Promise<string>;
  resendCode(challengeId: string): Promise<void>;
  /** Proves the phone, creates the user and membership, accepts the invite; returns a session token. */
  complete(challengeId: string, code: string): Promise<string>;
}

const endedInvite = { EXPIRED: 'This invitation has expired. Ask the business to send a new one.', ACCEPTED: 'This invitation was already used. Log in instead.', CANCELLED: 'This invitation was cancelled.' } as const;

export function passwordProblems(password: string, rules: string): string[] {
  return checkPassword(password, rules).violations.map((v) => `The password ${v}.`);
}

export function createSignupService(deps: { database: Database; clock: Clock; invites: InvitesService; challenges: Challenges; sessions: Sessions }): SignupService {
  const { database, clock, challenges } = deps;
  return {
    async start(token, input) {
      const found = await deps.invites.inspect(token);
      if (!found) throw new FormError(['This invitation link is not valid. Check that you copied the whole link.']);
      const { invite, business } = found;
      if (invite.status !== 'PENDING') throw new FormError([endedInvite[invite.status]]);
      if (await repo.findUserByEmail(database.db, invite.email)) throw new FormError([`An account for ${invite.email} already exists. Log in instead.`]);
      const phone = normalizePhone(input.phone);
      const problems = [
        ...passwordProblems(input.password, business.passwordRules),
        ...(phone ? [] : ['Enter the phone number in international form, starting with + and the country code, e.g. +1 555 010 0199.']),
      ];
      if (problems.length > 0 || !phone) throw new FormError(problems);
      const passwordHash = await hashPassword(input.password);
      return challenges.create(database.db, { purpose: 'SIGNUP', phone, inviteId: invite.id, userId: null, passwordHash });
    },

    resendCode: (id) => challenges.resend(database.db, id),

    async complete(challengeId, code) {
      const c = await challenges.live(database.db, challengeId, 'SIGNUP');
      await challenges.checkCode(database.db, c, code);
      return database.tx(async (tx) => {
        const invite = c.inviteId ? await getInviteById(tx, c.inviteId) : null;
        if (!invite) throw new FormError(['This invitation no longer exists.']);
        const status = inviteStatus(invite, clock.now());
        if (status !== 'PENDING') throw new FormError([endedInvite[status]]);
        const business = await getBusiness(tx, invite.businessId, true);
        if (!business) throw new FormError(['This business no longer exists.']);
        // The invite holds a seat; only a seat limit lowered after it was sent can leave none for it.
        if (business.seatLimit !== null && (await seatsUsed(tx, business.id, clock.now())) > business.seatLimit) {
          throw new FormError([`${business.name} has no free seats right now. Ask an admin to free one, then try again.`]);
        }
        if (await repo.findUserByEmail(tx, invite.email)) throw new FormError([`An account for ${invite.email} already exists. Log in instead.`]);
        await challenges.consume(tx, c);
        const now = clock.now();
        const userId = newId();
        await repo.insertUser(tx, { id: userId, email: invite.email, passwordHash: c.passwordHash ?? '', phone: c.phone, totpSecret: null, createdAt: now });
        await insertMembership(tx, { businessId: business.id, userId, role: invite.role, createdAt: now });
        for (const g of invite.assetGrants) {
          // An asset deleted since the invite simply is not granted.
          const asset = await getAsset(tx, business.id, g.assetId);
          if (!asset) continue;
          const permissions = g.access === 'FULL' ? ([...assetPermissions[asset.kind]] as AssetPermission[]) : g.permissions;
          await upsertAssetRole(tx, business.id, { assetId: g.assetId, userId, access: g.access, permissions });
        }
        await setInviteStatus(tx, invite.id, 'ACCEPTED', now);
        return deps.sessions.start(tx, userId);
      });
    },
  };
}
