import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import type { Random } from '../../../server/src/lib/random.ts';
import { encodeBase32, parseTotpSecret, verifyCode } from '../../../server/src/lib/totp/index.ts';
import { hashPassword, verifyPassword } from '../../../server/src/modules/auth/password-hash.ts';
import { DEFAULT_SANDBOX_PASSWORD_RULES } from '../businesses/service.ts';
import { businessesOfUser } from '../members/repo.ts';
import type { Challenges } from './challenges.ts';
import { FormError, normalizePhone } from './form-error.ts';
import * as repo from './repo.ts';
import { passwordProblems } from './signup.ts';

export interface SettingsService {
  /** The rule strings the user's password must meet: every business they belong to. */
  passwordRulesFor(userId: string): Promise<string[]>;
  changePassword(userId: string, current: string, next: string): Promise<void>;
  /** Texts a code to the new number; the number changes only once that code comes back. */
  startPhoneChange(userId: string, phone: string): Promise<string>;
  completePhoneChange(userId: string, challengeId: string, code: string): Promise<string>;
  /** A fresh secret to show; nothing is stored until `enableTotp` proves the app has it. */
  newTotpSecret(): string;
  enableTotp(userId: string, secret: string, code: string): Promise<void>;
  disableTotp(userId: string, password: string): Promise<void>;
}

export function createSettingsService(deps: { database: Database; clock: Clock; random: Random; challenges: Challenges }): SettingsService {
  const { database, clock, challenges } = deps;

  async function rulesFor(userId: string): Promise<string[]> {
    const rules = [...new Set((await businessesOfUser(database.db, userId)).map((b) => b.passwordRules))];
    return rules.length > 0 ? rules : [DEFAULT_SANDBOX_PASSWORD_RULES];
  }

  async function mustGetUser(userId: string): Promise<repo.UserRow> {
    const user = await repo.getUser(database.db, userId);
    if (!user) throw new FormError(['This account no longer exists.']);
    return user;
  }

  async function requirePassword(user: repo.UserRow, password: string): Promise<void> {
    if (!(await verifyPassword(user.passwordHash, password))) throw new FormError(['The current password is wrong.']);
  }

  return {
    passwordRulesFor: rulesFor,
    async changePassword(userId, current, next) {
      const user = await mustGetUser(userId);
      await requirePassword(user, current);
      const problems = [...new Set((await rulesFor(userId)).flatMap((r) => passwordProblems(next, r)))];
      if (problems.length > 0) throw new FormError(problems);
      await repo.updateUser(database.db, userId, { passwordHash: await hashPassword(next) });
    },
    async startPhoneChange(userId, input) {
      const phone = normalizePhone(input);
      if (!phone) throw new FormError(['Enter the phone number in international form, starting with + and the country code.']);
      return challenges.create(database.db, { purpose: 'PHONE_CHANGE', phone, inviteId: null, userId, passwordHash: null });
    },
    async completePhoneChange(userId, challengeId, code) {
      const c = await challenges.live(database.db, challengeId, 'PHONE_CHANGE');
      if (c.userId !== userId) throw new FormError(['This code request has ended. Start again.']);
      await challenges.checkCode(database.db, c, code);
      await database.tx(async (tx) => {
        await challenges.consume(tx, c);
        await repo.updateUser(tx, userId, { phone: c.phone });
      });
      return c.phone;
    },
    newTotpSecret: () => encodeBase32(deps.random.bytes(20)),
    async enableTotp(userId, secret, code) {
      let params;
      try {
        params = parseTotpSecret(secret);
      } catch {
        throw new FormError(['The setup key is not valid. Reload the page to get a new one.']);
      }
      if (!verifyCode(params, code.replace(/\s/g, ''), clock)) throw new FormError(['That code is not right. Enter the 6-digit code your authenticator app shows now.']);
      await repo.updateUser(database.db, userId, { totpSecret: params.secret });
    },
    async disableTotp(userId, password) {
      await requirePassword(await mustGetUser(userId), password);
      await repo.updateUser(database.db, userId, { totpSecret: null });
    },
  };
}
