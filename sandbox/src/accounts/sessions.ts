import type { Clock } from '../../../server/src/lib/clock.ts';
import type { Random } from '../../../server/src/lib/random.ts';
import type { Executor } from '../db/sql.ts';
import { hashToken, newOpaqueToken } from '../lib/secrets.ts';
import * as repo from './repo.ts';

export const SESSION_COOKIE = 'sbx_session';
const SESSION_TTL_MS = 12 * 3_600_000;

export interface Sessions {
  /** Returns the cookie value; only its hash is stored. */
  start(ex: Executor, userId: string): Promise<string>;
  resolve(ex: Executor, token: string | undefined): Promise<repo.UserRow | null>;
  end(ex: Executor, token: string | undefined): Promise<void>;
}

export function createSessions(deps: { clock: Clock; random: Random }): Sessions {
  return {
    async start(ex, userId) {
      const token = newOpaqueToken(deps.random);
      await repo.insertSession(ex, { tokenHash: hashToken(token), userId, expiresAt: new Date(deps.clock.now().getTime() + SESSION_TTL_MS) });
      return token;
    },
    async resolve(ex, token) {
      return token ? repo.findSessionUser(ex, hashToken(token), deps.clock.now()) : null;
    },
    async end(ex, token) {
      if (token) await repo.deleteSession(ex, hashToken(token));
    },
  };
}
