import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { parseTotpSecret, verifyCode } from '../../../server/src/lib/totp/index.ts';
import { verifyPassword } from '../../../server/src/modules/auth/password-hash.ts';
import type { Challenges } from './challenges.ts';
import { FormError } from './form-error.ts';
import * as repo from './repo.ts';
import type { Sessions } from './sessions.ts';

export type SecondFactor = 'SMS' | 'TOTP';

export interface LoginService {
  /** Checks email and password; texts a code unless the user turned TOTP on. */
  start(email: string, password: string): Promise<{ challengeId: string; method: SecondFactor; phoneHint: string }>;
  resendCode(challengeId: string): Promise<void>;
  /** Checks the SMS or TOTP code and opens a session; returns its token. */
  complete(challengeId: string, code: string): Promise<string>;
}

/** "+1 ••• ••• 0123": enough to recognise your own number, not enough to learn someone else's. */
export function phoneHint(phone: string): string {
  return `${phone.slice(0, 2)} ••• ••• ${phone.slice(-4)}`;
}

export function createLoginService(deps: { database: Database; clock: Clock; challenges: Challenges; sessions: Sessions }): LoginService {
  const { database, clock, challenges } = deps;
  return {
    async start(email, password) {
      const user = await repo.findUserByEmail(database.db, email);
      // verifyPassword spends the same time on unknown emails, so timing does not reveal accounts.
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok) throw new FormError(['The email or password is wrong.']);
      const method: SecondFactor = user.totpSecret ? 'TOTP' : 'SMS';
      const challengeId = await challenges.create(database.db, { purpose: 'LOGIN', phone: user.phone, inviteId: null, userId: user.id, passwordHash: null }, method === 'SMS');
      return { challengeId, method, phoneHint: phoneHint(user.phone) };
    },

    resendCode: (id) => challenges.resend(database.db, id),

    async complete(challengeId, code) {
      const c = await challenges.live(database.db, challengeId, 'LOGIN');
      const user = c.userId ? await repo.getUser(database.db, c.userId) : null;
      if (!user) throw new FormError(['This account no longer exists.']);
      if (user.totpSecret) {
        if (!verifyCode(parseTotpSecret(user.totpSecret), code.replace(/\s/g, ''), clock)) {
          await repo.recordFailedAttempt(database.db, c.id);
          throw new FormError(['That authenticator code is not right. Use the current 6-digit code from your app.']);
        }
      } else {
        await challenges.checkCode(database.db, c, code);
      }
      return database.tx(async (tx) => {
        await challenges.consume(tx, c);
        return deps.sessions.start(tx, user.id);
      });
    },
  };
}
