import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { isAppError } from '../../../server/src/lib/errors.ts';
import { newId } from '../../../server/src/lib/ids.ts';
import { generatePassword, parsePasswordRules } from '../../../server/src/lib/password-rules/index.ts';
import type { Random } from '../../../server/src/lib/random.ts';
import { SandboxError } from '../lib/errors.ts';
import type { AssetKind, BusinessRole } from '../lib/roles.ts';
import { hashToken, newServiceToken } from '../lib/secrets.ts';
import { insertAsset, type AssetRow } from './assets-repo.ts';
import * as repo from './repo.ts';

/** Published on the signup page unless a business chooses another (issue #4). */
export const DEFAULT_SANDBOX_PASSWORD_RULES = 'minlength: 12; maxlength: 64; required: lower; required: upper; required: digit; required: [-!#$%*_+=?];';

export interface BusinessesService {
  create(input: { name: string; seatLimit?: number | null; passwordRules?: string; inviteTtlHours?: number }): Promise<repo.BusinessRow>;
  get(id: string): Promise<repo.BusinessRow>;
  /** Seats taken now: members plus open invites. */
  seatsUsed(id: string): Promise<number>;
  list(): Promise<repo.BusinessRow[]>;
  /** Returns the token in clear once; only its hash is kept. */
  createToken(businessId: string, input?: { label?: string; role?: BusinessRole }): Promise<{ token: string; row: repo.TokenRow }>;
  listTokens(businessId: string): Promise<repo.TokenRow[]>;
  /** `tokenId` null revokes every live token of the business. Returns how many were revoked. */
  revokeTokens(businessId: string, tokenId: string | null): Promise<number>;
  /** Seat limit, fault injection and invite TTL; `null` clears a setting back to the default. */
  configure(businessId: string, settings: repo.BusinessSettings): Promise<repo.BusinessRow>;
  addAsset(businessId: string, input: { kind: AssetKind; name: string }): Promise<AssetRow>;
}

/** A rule string must parse and be satisfiable, or nobody could ever sign up. */
function checkRules(text: string): void {
  try {
    generatePassword(parsePasswordRules(text));
  } catch (e) {
    if (isAppError(e)) throw new SandboxError('validation_failed', e.message);
    throw e;
  }
}

export function createBusinessesService(deps: { database: Database; clock: Clock; random: Random; defaultInviteTtlHours: number }): BusinessesService {
  const { database, clock } = deps;

  async function get(id: string): Promise<repo.BusinessRow> {
    const b = await repo.getBusiness(database.db, id);
    if (!b) throw new SandboxError('invalid_business_id', `There is no business with id ${id}.`);
    return b;
  }

  return {
    async create(input) {
      const passwordRules = input.passwordRules ?? DEFAULT_SANDBOX_PASSWORD_RULES;
      checkRules(passwordRules);
      const row: repo.BusinessRow = {
        id: newId(),
        name: input.name.trim(),
        seatLimit: input.seatLimit ?? null,
        passwordRules,
        inviteTtlHours: input.inviteTtlHours ?? deps.defaultInviteTtlHours,
        faultLatencyMs: null,
        faultRate429: null,
        faultRate503: null,
        createdAt: clock.now(),
      };
      if (!row.name) throw new SandboxError('validation_failed', 'A business needs a name.');
      await repo.insertBusiness(database.db, row);
      return row;
    },
    get,
    seatsUsed: (id) => repo.seatsUsed(database.db, id, clock.now()),
    list: () => repo.listBusinesses(database.db),
    async createToken(businessId, input = {}) {
      await get(businessId);
      const token = newServiceToken(deps.random);
      const row: repo.TokenRow = { id: newId(), businessId, label: input.label?.trim() || 'Service token', role: input.role ?? 'ADMIN', createdAt: clock.now(), revokedAt: null };
      await repo.insertToken(database.db, { ...row, tokenHash: hashToken(token) });
      return { token, row };
    },
    async listTokens(businessId) {
      await get(businessId);
      return repo.listTokens(database.db, businessId);
    },
    async revokeTokens(businessId, tokenId) {
      await get(businessId);
      return repo.revokeTokens(database.db, businessId, tokenId, clock.now());
    },
    async configure(businessId, settings) {
      await get(businessId);
      if (settings.passwordRules) checkRules(settings.passwordRules);
      await repo.updateBusiness(database.db, businessId, settings);
      return get(businessId);
    },
    async addAsset(businessId, input) {
      await get(businessId);
      const row: AssetRow = { id: newId(), businessId, kind: input.kind, name: input.name.trim(), createdAt: clock.now() };
      if (!row.name) throw new SandboxError('validation_failed', 'An asset needs a name.');
      await insertAsset(database.db, row);
      return row;
    },
  };
}
