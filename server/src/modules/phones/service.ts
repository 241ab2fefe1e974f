import type { Catalog } from '../../connectors/catalog.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { byMember, type ActivityInput, type ActivityService } from '../activity/service.ts';
import { canManageAccount } from '../vault/policy.ts';
import { findAccount } from '../vault/repo.ts';
import type { AccountsService } from '../vault/service.ts';
import { toPhoneNumberDto, type PhoneNumberDto } from './dto.ts';
import { canManagePool, retireRefusal } from './policy.ts';
import { PhoneProviderError, type PhoneProvider, type PhoneProviderName } from './providers.ts';
import { countFree, findLiveByE164, findNumber, insertNumber, listNumbers, lockFreeNumber, numberOfAccount, updateNumber, type PhoneNumberRow, type PhoneStatus } from './repo.ts';

type Actor = ActivityInput['actor'];
const system: Actor = { kind: 'system', id: null, label: 'Latchkey' };
const dayMs = 86_400_000;

export interface AssignInput {
  workspaceId: string;
  accountId: string;
  /** Default: the account's app definition's `managedPhone.voipAccepted` (true without one). */
  voipAccepted?: boolean;
  actor?: Actor;
}

export interface PhoneNumbersService {
  /** The provider new numbers come from. */
  readonly provider: PhoneProviderName;
  /**
   * Makes sure the workspace pool has a free number, buying one from a remote provider (Twilio) when
   * it has none. Call it before the transaction that calls `assignNumber`, which never makes HTTP calls.
   */
  ensureAvailable(workspaceId: string, opts?: { voipAccepted?: boolean }): Promise<void>;
  /**
   * Binds a number to the account inside the caller's transaction and returns it; the account's
   * existing number if it has one (one number per account). A free pool number is reused only after
   * its quarantine; the local provider allocates a fresh one from its range when the pool is empty.
   */
  assignNumber(tx: Executor, input: AssignInput): Promise<PhoneNumberRow>;
  /** Unbinds the account's number and quarantines it (spec §3.13); null when it had none. */
  releaseForAccount(tx: Executor, accountId: string, actor?: Actor): Promise<PhoneNumberRow | null>;
  numberOfAccount(ex: Executor, accountId: string): Promise<PhoneNumberRow | undefined>;
  /** The live number an inbound SMS was sent to, in any workspace. */
  findLive(ex: Executor, e164: string): Promise<PhoneNumberRow | undefined>;
  list(ctx: RequestContext, status: PhoneStatus | undefined, limit: number, cursor?: string): Promise<{ data: PhoneNumberDto[]; nextCursor: string | null }>;
  /** Admin: one more number in the pool (bought from Twilio, or the next of the local range). */
  add(ctx: RequestContext): Promise<PhoneNumberDto>;
  /** Admin: gives a free number back to its provider for good. */
  retire(ctx: RequestContext, id: string): Promise<PhoneNumberDto>;
  /** Account Owner: "Create phone number" on an account (spec §3.13). */
  createForAccount(ctx: RequestContext, accountId: string): Promise<PhoneNumberDto>;
}

export interface PhoneNumbersDeps {
  database: Database;
  /** Every provider numbers may belong to, by name; `provider` says which one supplies new numbers. */
  providers: Partial<Record<PhoneProviderName, PhoneProvider>>;
  provider: PhoneProviderName;
  quarantineDays: number;
  accounts: Pick<AccountsService, 'roleOf'>;
  catalog: Pick<Catalog, 'list'>;
  activity: Pick<ActivityService, 'record'>;
  clock: Clock;
}

export function createPhoneNumbersService(deps: PhoneNumbersDeps): PhoneNumbersService {
  const { database, activity, clock } = deps;
  const supplier = deps.providers[deps.provider];
  if (!supplier) throw new Error(`phone provider "${deps.provider}" is not configured`);
  const source: PhoneProvider = supplier;

  const event = (n: PhoneNumberRow, type: string, actor: Actor, data: Record<string, unknown> = {}): ActivityInput => ({
    workspaceId: n.workspaceId,
    type,
    actor,
    target: { type: 'phone_number', id: n.id, label: n.e164 },
    data: { provider: n.provider, ...data },
  });

  function providerError(e: unknown): never {
    if (e instanceof PhoneProviderError) throw new AppError('unavailable', e.message);
    throw e;
  }

  /** Inserts a fresh number from the local range, retrying when a concurrent transaction took the same one. */
  async function allocateLocal(tx: Executor, row: Omit<NonNullable<Parameters<typeof insertNumber>[1]>, 'e164' | 'providerRef' | 'provider' | 'voip' | 'id'>): Promise<PhoneNumberRow> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const bought = await source.purchase(tx).catch(providerError);
      const inserted = await insertNumber(tx, { ...row, id: newId(), e164: bought.e164, providerRef: bought.providerRef, provider: source.name, voip: source.voip });
      if (inserted) return inserted;
    }
    throw new AppError('unavailable', 'Could not allocate a phone number: the local range is contended. Try again.');
  }

  /** Buys from a remote provider outside any transaction, then records the number in its own. */
  async function buyRemote(workspaceId: string, actor: Actor): Promise<PhoneNumberRow> {
    const bought = await source.purchase(database.db).catch(providerError);
    const now = clock.now();
    const row = await database.tx(async (tx) => {
      const n = await insertNumber(tx, { id: newId(now.getTime()), workspaceId, e164: bought.e164, provider: source.name, providerRef: bought.providerRef, voip: source.voip, status: 'available', createdAt: now, updatedAt: now });
      if (n) await activity.record(tx, event(n, 'phone_number.added', actor));
      return n;
    });
    if (!row) {
      await source.release?.(bought.providerRef).catch(() => undefined);
      throw new AppError('conflict', `The provider sold ${bought.e164}, which is already in a pool; it was given back. Try again.`);
    }
    return row;
  }

  async function voipAcceptedFor(appKey: string | null): Promise<boolean> {
    return deps.catalog.list().find((m) => m.key === appKey)?.managedPhone.voipAccepted ?? true;
  }

  async function assignNumber(tx: Executor, input: AssignInput): Promise<PhoneNumberRow> {
    const existing = await numberOfAccount(tx, input.accountId);
    if (existing) {
      if (existing.workspaceId !== input.workspaceId) throw new AppError('not_found', 'No such account.');
      return existing;
    }
    const voipAccepted = input.voipAccepted ?? (await voipAcceptedFor((await findAccount(tx, input.workspaceId, input.accountId))?.appKey ?? null));
    if (!voipAccepted && source.voip) throw new AppError('conflict', `This app does not accept VoIP numbers, and ${source.name} numbers are VoIP. Use your own phone number for this account.`);
    const now = clock.now();
    const bind = { status: 'assigned', accountId: input.accountId, assignedAt: now, releasedAt: null, quarantineUntil: null, updatedAt: now };
    const free = await lockFreeNumber(tx, input.workspaceId, source.name, now, voipAccepted);
    let n: PhoneNumberRow;
    if (free) n = await updateNumber(tx, free.id, bind);
    else if (!source.remote) n = await allocateLocal(tx, { workspaceId: input.workspaceId, createdAt: now, ...bind });
    else throw new AppError('conflict', 'No managed phone number is free in this workspace. An admin can add one (Phone numbers → Add number).');
    await activity.record(tx, event(n, 'phone_number.assigned', input.actor ?? system, { accountId: input.accountId }));
    return n;
  }

  async function ensureAvailable(workspaceId: string, opts: { voipAccepted?: boolean } = {}): Promise<void> {
    if (!source.remote) return;
    if ((await countFree(database.db, workspaceId, source.name, clock.now(), opts.voipAccepted ?? true)) > 0) return;
    await buyRemote(workspaceId, system);
  }

  return {
    provider: source.name,
    ensureAvailable,

    assignNumber,

    async releaseForAccount(tx, accountId, actor) {
      const n = await numberOfAccount(tx, accountId);
      if (!n) return null;
      const now = clock.now();
      const released = await updateNumber(tx, n.id, { status: 'quarantined', accountId: null, releasedAt: now, quarantineUntil: new Date(now.getTime() + deps.quarantineDays * dayMs), updatedAt: now });
      await activity.record(tx, event(released, 'phone_number.released', actor ?? system, { accountId, quarantineUntil: released.quarantineUntil?.toISOString() }));
      return released;
    },

    numberOfAccount,

    findLive: findLiveByE164,

    async list(ctx, status, limit, cursor) {
      if (!canManagePool(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins manage the phone number pool.');
      const c = decodeCursor(cursor, 2);
      const rows = await listNumbers(database.db, ctx.actor.workspaceId, status, limit + 1, c ? { createdAt: new Date(String(c[0])), id: String(c[1]) } : null);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toPhoneNumberDto), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async add(ctx) {
      if (!canManagePool(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins manage the phone number pool.');
      const actor = byMember(ctx, '').actor;
      if (source.remote) return toPhoneNumberDto(await buyRemote(ctx.actor.workspaceId, actor));
      return database.tx(async (tx) => {
        const now = clock.now();
        const n = await allocateLocal(tx, { workspaceId: ctx.actor.workspaceId, status: 'available', createdAt: now, updatedAt: now });
        await activity.record(tx, { ...event(n, 'phone_number.added', actor), ip: ctx.ip, userAgent: ctx.userAgent });
        return toPhoneNumberDto(n);
      });
    },

    async retire(ctx, id) {
      if (!canManagePool(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins manage the phone number pool.');
      // Marked retired first so no assignment can take it while the provider releases it.
      const before = await database.tx(async (tx) => {
        const n = await findNumber(tx, ctx.actor.workspaceId, id, true);
        if (!n) throw new AppError('not_found', 'No such phone number in this workspace.');
        const refusal = retireRefusal(n, clock.now());
        if (refusal) throw new AppError('conflict', refusal);
        await updateNumber(tx, n.id, { status: 'retired', updatedAt: clock.now() });
        return n;
      });
      try {
        const owner = deps.providers[before.provider as PhoneProviderName];
        if (!owner) throw new PhoneProviderError(`This number belongs to ${before.provider}, which is not configured, so it cannot be released there.`);
        await owner.release?.(before.providerRef);
      } catch (e) {
        await updateNumber(database.db, before.id, { status: before.status, updatedAt: before.updatedAt });
        providerError(e);
      }
      return database.tx(async (tx) => {
        const n = await updateNumber(tx, before.id, { updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'phone_number.retired', { type: 'phone_number', id: n.id, label: n.e164 }, { provider: n.provider }));
        return toPhoneNumberDto(n);
      });
    },

    async createForAccount(ctx, accountId) {
      const { account, role } = await deps.accounts.roleOf(database.db, ctx, accountId);
      if (!canManageAccount(role)) throw new AppError('forbidden', "Only the account's Owners can give it a managed phone number.");
      const voipAccepted = await voipAcceptedFor(account.appKey);
      await ensureAvailable(ctx.actor.workspaceId, { voipAccepted });
      return database.tx(async (tx) => {
        await deps.accounts.roleOf(tx, ctx, accountId);
        const actor = byMember(ctx, '').actor;
        return toPhoneNumberDto(await assignNumber(tx, { workspaceId: ctx.actor.workspaceId, accountId, voipAccepted, actor }));
      });
    },
  };
}
