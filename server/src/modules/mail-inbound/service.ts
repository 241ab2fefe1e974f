import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import type { Random } from '../../lib/random.ts';
import { byMember, type ActivityInput, type ActivityService } from '../activity/service.ts';
import { isWorkspaceAdmin } from '../members/policy.ts';
import { canManageAccount } from '../vault/policy.ts';
import type { AccountsService } from '../vault/service.ts';
import { addressOfAccount, findByAddress, insertAddress, listAddresses, updateAddress, type EmailAddressRow } from './repo.ts';

export interface EmailAddressDto {
  id: string;
  address: string;
  accountId: string | null;
  status: 'active' | 'disabled';
  createdAt: Date;
}

export interface EmailAddressesService {
  readonly domain: string;
  /** A random alias on the inbound domain bound to the account, in the caller's transaction; the existing one if it has one. */
  createAddress(tx: Executor, input: { workspaceId: string; accountId: string; actor?: ActivityInput['actor'] }): Promise<EmailAddressRow>;
  /** Stops accepting mail for the account's address (the account was deleted). */
  releaseForAccount(tx: Executor, accountId: string): Promise<void>;
  addressOfAccount(ex: Executor, accountId: string): Promise<EmailAddressRow | undefined>;
  /** The active, bound address mail to `address` is for, or null (then SMTP refuses the recipient). */
  recipient(address: string): Promise<EmailAddressRow | null>;
  list(ctx: RequestContext, limit: number, cursor?: string): Promise<{ data: EmailAddressDto[]; nextCursor: string | null }>;
  /** Account Owner: "Protect my email address". */
  createForAccount(ctx: RequestContext, accountId: string): Promise<EmailAddressDto>;
}

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `acct-` and 10 characters without look-alikes (~50 bits): unguessable, and no + that sign-up forms reject. */
function alias(random: Random): string {
  return `acct-${[...random.bytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function toEmailAddressDto(a: EmailAddressRow): EmailAddressDto {
  return { id: a.id, address: a.address, accountId: a.accountId, status: a.status as EmailAddressDto['status'], createdAt: a.createdAt };
}

export function createEmailAddressesService(deps: { database: Database; domain: string; accounts: Pick<AccountsService, 'roleOf'>; activity: Pick<ActivityService, 'record'>; clock: Clock; random: Random }): EmailAddressesService {
  const { database, activity, clock, domain } = deps;

  async function createAddress(tx: Executor, input: { workspaceId: string; accountId: string; actor?: ActivityInput['actor'] }): Promise<EmailAddressRow> {
    const existing = await addressOfAccount(tx, input.accountId);
    if (existing) {
      if (existing.workspaceId !== input.workspaceId) throw new AppError('not_found', 'No such account.');
      return existing;
    }
    const now = clock.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await insertAddress(tx, { id: newId(now.getTime()), workspaceId: input.workspaceId, address: `${alias(deps.random)}@${domain}`, accountId: input.accountId, status: 'active', createdAt: now, updatedAt: now });
      if (!row) continue;
      await activity.record(tx, { workspaceId: input.workspaceId, type: 'email_address.created', actor: input.actor ?? { kind: 'system', id: null, label: 'Latchkey' }, target: { type: 'email_address', id: row.id, label: row.address }, data: { accountId: input.accountId } });
      return row;
    }
    throw new AppError('conflict', 'Could not find a free e-mail alias. Try again.');
  }

  return {
    domain,
    createAddress,

    async releaseForAccount(tx, accountId) {
      const a = await addressOfAccount(tx, accountId);
      if (a) await updateAddress(tx, a.id, { status: 'disabled', updatedAt: clock.now() });
    },

    addressOfAccount,

    async recipient(address) {
      const a = await findByAddress(database.db, address.trim().toLowerCase());
      return a && a.status === 'active' && a.accountId ? a : null;
    },

    async list(ctx, limit, cursor) {
      if (!isWorkspaceAdmin(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins can list the managed e-mail addresses.');
      const c = decodeCursor(cursor, 2);
      const rows = await listAddresses(database.db, ctx.actor.workspaceId, limit + 1, c ? { createdAt: new Date(String(c[0])), id: String(c[1]) } : null);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toEmailAddressDto), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async createForAccount(ctx, accountId) {
      return database.tx(async (tx) => {
        const { role } = await deps.accounts.roleOf(tx, ctx, accountId);
        if (!canManageAccount(role)) throw new AppError('forbidden', "Only the account's Owners can protect it with a managed e-mail address.");
        return toEmailAddressDto(await createAddress(tx, { workspaceId: ctx.actor.workspaceId, accountId, actor: byMember(ctx, '').actor }));
      });
    },
  };
}
