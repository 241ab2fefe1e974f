import { eq } from 'drizzle-orm';
import type { Catalog } from '../../connectors/catalog.ts';
import type { Database, Executor } from '../../db/client.ts';
import { members } from '../../db/schema/index.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { generatePassword } from '../../lib/password-rules/index.ts';
import type { Random } from '../../lib/random.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { updateHubMember } from '../hubs/repo.ts';
import { seatedStates, type HubMemberState } from '../hubs/states.ts';
import type { AccountsService } from '../vault/service.ts';
import { findAccount, listAccountsFor, updateAccount } from '../vault/repo.ts';
import { presentCards, type CardDto, type ConnectableAccountDto } from './dto.ts';
import { enqueueCardCheck } from './card-check.ts';
import { createFacebookProfileStep, type FacebookLoginSettings, type FacebookProfileStep } from './facebook-profile.ts';
import { checkOnOpen } from './join-steps.ts';
import { cardRows, linkedAccountIds, sharedAccountIds, type CardRow } from './repo.ts';

export type { CardDto } from './dto.ts';

/** Where managed phone numbers come from (the phones module); optional so a build without SMS still connects. */
export interface ManagedPhones {
  assign(tx: Executor, workspaceId: string, accountId: string): Promise<{ e164: string }>;
}

export interface ManagedIdentityDto {
  draftId: string;
  label: string;
  email: string;
  password: string;
  phone: string | null;
  appName: string;
  loginUrl: string;
  /** The app's own link to the invitation when it reports one (Meta's `invite_link`); https only. */
  inviteUrl: string | null;
  passwordRules: string;
}

/** An invite link the app reported, if it is a plain https URL (it is shown as a link to click). */
function inviteLinkOf(invite: unknown): string | null {
  const raw = (invite as { inviteUrl?: unknown } | null)?.inviteUrl;
  if (typeof raw !== 'string') return null;
  try {
    return new URL(raw).protocol === 'https:' ? raw : null;
  } catch {
    return null;
  }
}

export type ConnectInput =
  | { draftId: string; label: string; vaultId?: string | undefined }
  | { accountId: string }
  | { label: string; email: string; password: string; username?: string | undefined; vaultId?: string | undefined };

export interface CardsService extends FacebookProfileStep {
  list(ctx: RequestContext): Promise<CardDto[]>;
  get(ctx: RequestContext, hubMemberId: string): Promise<CardDto>;
  /** The card was clicked: first-open time, and the asset check for apps whose join steps wait for it (spec §5.13). */
  open(ctx: RequestContext, hubMemberId: string): Promise<CardDto>;
  managedIdentity(ctx: RequestContext, hubMemberId: string): Promise<ManagedIdentityDto>;
  connect(ctx: RequestContext, hubMemberId: string, input: ConnectInput): Promise<CardDto>;
  /** Saved accounts of the card's app the person owns (spec §5.10 step 3); those linked to a hub or shared are listed as unavailable. */
  connectableAccounts(ctx: RequestContext, hubMemberId: string): Promise<ConnectableAccountDto[]>;
}

export interface CardsDeps {
  database: Database;
  catalog: Catalog;
  accounts: Pick<AccountsService, 'createOwnConnected' | 'readOwnDraft' | 'finalizeDraft' | 'roleOf'>;
  phones: ManagedPhones | null;
  activity: Pick<ActivityService, 'record'>;
  clock: Clock;
  random: Random;
  publicUrl: string;
  /** Facebook Login for "Connect your Facebook profile"; null without LATCHKEY_META_APP_SECRET (spec §5.12, last line). */
  facebookLogin: FacebookLoginSettings | null;
}

export function createCardsService(deps: CardsDeps): CardsService {
  const { database, catalog, clock } = deps;
  const present = (ex: Executor, rows: CardRow[]): Promise<CardDto[]> => presentCards(ex, rows, { catalog, facebookLogin: deps.facebookLogin !== null, now: clock.now() });

  async function card(ex: Executor, ctx: RequestContext, hubMemberId: string, lock = false): Promise<{ row: CardRow; card: CardDto }> {
    const row = (await cardRows(ex, ctx.actor.workspaceId, ctx.actor.memberId, hubMemberId, lock))[0];
    const dto = row ? (await present(ex, [row]))[0] : undefined;
    if (!row || !dto) throw new AppError('not_found', 'No such card on your dashboard.');
    return { row, card: dto };
  }

  async function connectable(ex: Executor, ctx: RequestContext, hubMemberId: string, lock = true): Promise<CardRow> {
    const { row, card: c } = await card(ex, ctx, hubMemberId, lock);
    if (c.status !== 'connect_your_account') throw new AppError('conflict', c.status === 'ready' ? 'This account is already connected.' : 'This card does not ask you to connect an account.');
    return row;
  }

  /** A saved account may take the seat when the person owns it, it is this app's, and nothing else holds it (invariants 28, 3). */
  async function savedAccount(tx: Executor, ctx: RequestContext, r: CardRow, accountId: string): Promise<{ id: string }> {
    const { role } = await deps.accounts.roleOf(tx, ctx, accountId);
    const m = catalog.connector(r.hub.appKey).manifest;
    if (role !== 'owner') throw new AppError('forbidden', 'Only an Owner of the account can connect it to a seat.');
    const account = (await findAccount(tx, ctx.actor.workspaceId, accountId, true))!;
    if (account.appKey !== m.key) throw new AppError('conflict', `That account is not a ${m.displayName} account.`);
    if (account.status !== 'enabled') throw new AppError('conflict', 'That account is disabled. Enable it first, or connect another.');
    if ((await linkedAccountIds(tx, ctx.actor.workspaceId, [accountId])).size > 0) throw new AppError('conflict', 'That account is already connected to a business hub.');
    if ((await sharedAccountIds(tx, ctx.actor.workspaceId, [accountId], ctx.actor.memberId)).size > 0) throw new AppError('conflict', 'That account is shared with others. A connected account belongs to one person: stop sharing it first.');
    return account;
  }

  return {
    ...createFacebookProfileStep({ ...deps, card }),

    async list(ctx) {
      const cards = await present(database.db, await cardRows(database.db, ctx.actor.workspaceId, ctx.actor.memberId));
      return cards.sort((a, b) => a.hubLabel.localeCompare(b.hubLabel));
    },

    async get(ctx, hubMemberId) {
      return (await card(database.db, ctx, hubMemberId)).card;
    },

    async open(ctx, hubMemberId) {
      return database.tx(async (tx) => {
        // The row lock makes two clicks at once start one check, not two.
        const { row: r, card: before } = await card(tx, ctx, hubMemberId, true);
        const m = catalog.connector(r.hub.appKey).manifest;
        const now = clock.now();
        const first = r.hm.firstCardOpenAt === null;
        const desiredSeat = (r.hm.desired as { seat?: boolean }).seat ?? true;
        const start = checkOnOpen({ joinSteps: m.joinSteps, state: r.hm.state as HubMemberState, desiredSeat, pendingAssets: before.assetsPending, profileBound: r.hm.appProfile !== null, jobInFlight: before.assetSetup === 'running' });
        if (!first && !start) return before;
        const jobId = start ? await enqueueCardCheck(tx, { hub: r.hub, hubMemberId, trigger: 'card_open', actor: { kind: 'member', id: ctx.actor.memberId } }, now) : null;
        await updateHubMember(tx, hubMemberId, { ...(first ? { firstCardOpenAt: now } : {}), ...(jobId ? { lastJobId: jobId } : {}), updatedAt: now });
        await deps.activity.record(tx, byMember(ctx, 'hub_member.card_opened', { type: 'hub_member', id: hubMemberId, label: r.hm.externalEmail }, { hubId: r.hub.id, first, jobId, assetsPending: before.assetsPending }));
        return (await card(tx, ctx, hubMemberId)).card;
      });
    },

    async managedIdentity(ctx, hubMemberId) {
      return database.tx(async (tx) => {
        const r = await connectable(tx, ctx, hubMemberId);
        const m = catalog.connector(r.hub.appKey).manifest;
        if (!m.supportsManagedIdentity) throw new AppError('conflict', `${m.displayName} does not support a Latchkey-managed identity. Connect an existing account instead.`);
        const base = { appName: m.displayName, loginUrl: m.loginUrl, inviteUrl: inviteLinkOf(r.hm.invite), passwordRules: m.passwordRules };
        if (r.hm.draftAccountId) {
          // Resume: the identity was kept, encrypted, when the dialog was closed.
          const { account, password } = await deps.accounts.readOwnDraft(tx, ctx, r.hm.draftAccountId).catch(() => ({ account: null, password: null }));
          if (account && password) return { ...base, draftId: account.id, label: account.label, email: account.email ?? r.hm.externalEmail, password, phone: account.phone };
        }
        const me = (await tx.select({ first: members.firstName }).from(members).where(eq(members.id, ctx.actor.memberId)))[0];
        const label = `${m.displayName} – ${me?.first || ctx.actor.email}`;
        const password = generatePassword(m.passwordRules);
        const draft = await deps.accounts.createOwnConnected(tx, ctx, { label, appKey: m.key, loginUrl: m.loginUrl, email: r.hm.externalEmail, username: r.hm.externalEmail, password }, 'draft');
        let phone: string | null = null;
        if (m.managedPhone.needed) {
          if (!deps.phones) throw new AppError('conflict', `${m.displayName} needs a phone number, and this Latchkey has no managed phone numbers configured. Ask an admin, or connect an existing account.`);
          phone = (await deps.phones.assign(tx, r.hub.workspaceId, draft.id)).e164;
          await updateAccount(tx, r.hub.workspaceId, draft.id, { phone });
        }
        await updateHubMember(tx, r.hm.id, { draftAccountId: draft.id, updatedAt: clock.now() });
        return { ...base, draftId: draft.id, label, email: r.hm.externalEmail, password, phone };
      });
    },

    async connect(ctx, hubMemberId, input) {
      return database.tx(async (tx) => {
        const r = await connectable(tx, ctx, hubMemberId);
        const m = catalog.connector(r.hub.appKey).manifest;
        const account = 'accountId' in input
          ? await savedAccount(tx, ctx, r, input.accountId)
          : 'draftId' in input
            ? await deps.accounts.finalizeDraft(tx, ctx, input.draftId, { label: input.label, vaultId: input.vaultId })
            : await deps.accounts.createOwnConnected(tx, ctx, { label: input.label, appKey: m.key, loginUrl: m.loginUrl, email: input.email, username: input.username ?? input.email, password: input.password, vaultId: input.vaultId }, 'enabled');
        const now = clock.now();
        const from = r.hm.state as HubMemberState;
        // T14 once the app lists the person; before that, the next sync settles them as onboarded.
        const to: HubMemberState = seatedStates.has(from) ? 'onboarded' : from;
        await updateHubMember(tx, r.hm.id, { connectedAccountId: account.id, draftAccountId: null, state: to, stateChangedAt: to === from ? r.hm.stateChangedAt : now, updatedAt: now });
        await deps.activity.record(tx, byMember(ctx, 'hub_member.account_connected', { type: 'hub_member', id: r.hm.id, label: r.hm.externalEmail }, { hubId: r.hub.id, accountId: account.id, from, to, managedIdentity: 'draftId' in input, savedAccount: 'accountId' in input }));
        if (to !== 'onboarded') {
          // Acceptance is detected by a sync; run one now rather than waiting for the schedule.
          await enqueueJob(tx, { workspaceId: r.hub.workspaceId, task: 'sync_hub', trigger: 'card_open', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: r.hub.id }, idempotencyKey: `sync_hub:${r.hub.id}:${newId()}` }, now);
        }
        return (await card(tx, ctx, hubMemberId)).card;
      });
    },

    async connectableAccounts(ctx, hubMemberId) {
      const r = await connectable(database.db, ctx, hubMemberId, false);
      const m = catalog.connector(r.hub.appKey).manifest;
      const mine = (await listAccountsFor(database.db, ctx.actor.workspaceId, ctx.actor.memberId, { status: 'enabled' })).filter((a) => a.appKey === m.key && a.myRole === 'owner');
      const ids = mine.map((a) => a.id);
      const linked = await linkedAccountIds(database.db, ctx.actor.workspaceId, ids);
      const shared = await sharedAccountIds(database.db, ctx.actor.workspaceId, ids, ctx.actor.memberId);
      return mine.map((a) => {
        const reason = linked.has(a.id) ? 'Connected to a business hub' : shared.has(a.id) ? 'Shared with others' : null;
        return { id: a.id, label: a.label, username: a.username, email: a.email, vaultName: a.vaultName, available: reason === null, reason };
      });
    },
  };
}
