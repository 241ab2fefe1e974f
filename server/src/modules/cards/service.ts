import { and, eq } from 'drizzle-orm';
import type { Catalog } from '../../connectors/catalog.ts';
import type { Database, Executor } from '../../db/client.ts';
import { accounts, hubMembers, hubs, members } from '../../db/schema/index.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { generatePassword } from '../../lib/password-rules/index.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { updateHubMember } from '../hubs/repo.ts';
import { seatedStates, type HubMemberState } from '../hubs/states.ts';
import type { AccountsService } from '../vault/service.ts';
import { updateAccount } from '../vault/repo.ts';
import { cardHint, cardStatus, type CardStatus } from './status.ts';

/** Where managed phone numbers come from (the phones module); optional so a build without SMS still connects. */
export interface ManagedPhones {
  assign(tx: Executor, workspaceId: string, accountId: string): Promise<{ e164: string }>;
}

export interface CardDto {
  hubMemberId: string;
  hubId: string;
  hubLabel: string;
  appKey: string;
  appName: string;
  logo: string;
  loginUrl: string;
  state: HubMemberState;
  status: CardStatus;
  hint: string | null;
  connectedAccountId: string | null;
  hasDraft: boolean;
  supportsManagedIdentity: boolean;
  phoneNeeded: boolean;
  joinSteps: string[];
  inviteEmail: string;
}

export interface ManagedIdentityDto {
  draftId: string;
  label: string;
  email: string;
  password: string;
  phone: string | null;
  appName: string;
  loginUrl: string;
  passwordRules: string;
}

export type ConnectInput = { draftId: string; label: string; vaultId?: string | undefined } | { label: string; email: string; password: string; username?: string | undefined; vaultId?: string | undefined };

export interface CardsService {
  list(ctx: RequestContext): Promise<CardDto[]>;
  managedIdentity(ctx: RequestContext, hubMemberId: string): Promise<ManagedIdentityDto>;
  connect(ctx: RequestContext, hubMemberId: string, input: ConnectInput): Promise<CardDto>;
}

type CardRow = { hm: typeof hubMembers.$inferSelect; hub: typeof hubs.$inferSelect; accountStatus: string | null };

export function createCardsService(deps: { database: Database; catalog: Catalog; accounts: Pick<AccountsService, 'createOwnConnected' | 'readOwnDraft' | 'finalizeDraft'>; phones: ManagedPhones | null; activity: Pick<ActivityService, 'record'>; clock: Clock }): CardsService {
  const { database, catalog, clock } = deps;

  async function rows(ex: Executor, ctx: RequestContext, hubMemberId?: string): Promise<CardRow[]> {
    const conds = [eq(hubMembers.workspaceId, ctx.actor.workspaceId), eq(hubMembers.memberId, ctx.actor.memberId)];
    if (hubMemberId) conds.push(eq(hubMembers.id, hubMemberId));
    return ex
      .select({ hm: hubMembers, hub: hubs, accountStatus: accounts.status })
      .from(hubMembers)
      .innerJoin(hubs, eq(hubs.id, hubMembers.hubId))
      .leftJoin(accounts, eq(accounts.id, hubMembers.connectedAccountId))
      .where(and(...conds));
  }

  function toCard(r: CardRow): CardDto | null {
    const state = r.hm.state as HubMemberState;
    const status = cardStatus({ state, loginMethod: r.hub.loginMethod as 'sso', requestToSave: r.hub.requestToSave, connected: r.hm.connectedAccountId !== null, connectedDisabled: r.accountStatus === 'disabled' });
    if (!status) return null;
    const m = catalog.connector(r.hub.appKey).manifest;
    return {
      hubMemberId: r.hm.id, hubId: r.hub.id, hubLabel: r.hub.label, appKey: r.hub.appKey, appName: m.displayName, logo: m.logo, loginUrl: m.loginUrl, state, status,
      hint: status === 'connect_your_account' ? cardHint(state, m.displayName) : null, connectedAccountId: r.hm.connectedAccountId, hasDraft: r.hm.draftAccountId !== null,
      supportsManagedIdentity: m.supportsManagedIdentity, phoneNeeded: m.managedPhone.needed, joinSteps: m.joinSteps, inviteEmail: r.hm.externalEmail,
    };
  }

  async function connectable(tx: Executor, ctx: RequestContext, hubMemberId: string): Promise<CardRow> {
    const r = (await rows(tx, ctx, hubMemberId))[0];
    const card = r ? toCard(r) : null;
    if (!r || !card) throw new AppError('not_found', 'No such card on your dashboard.');
    if (card.status !== 'connect_your_account') throw new AppError('conflict', card.status === 'ready' ? 'This account is already connected.' : 'This card does not ask you to connect an account.');
    return r;
  }

  return {
    async list(ctx) {
      return (await rows(database.db, ctx)).map(toCard).filter((c): c is CardDto => c !== null).sort((a, b) => a.hubLabel.localeCompare(b.hubLabel));
    },

    async managedIdentity(ctx, hubMemberId) {
      return database.tx(async (tx) => {
        const r = await connectable(tx, ctx, hubMemberId);
        const m = catalog.connector(r.hub.appKey).manifest;
        if (!m.supportsManagedIdentity) throw new AppError('conflict', `${m.displayName} does not support a Latchkey-managed identity. Connect an existing account instead.`);
        const base = { appName: m.displayName, loginUrl: m.loginUrl, passwordRules: m.passwordRules };
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
        const account = 'draftId' in input
          ? await deps.accounts.finalizeDraft(tx, ctx, input.draftId, { label: input.label, vaultId: input.vaultId })
          : await deps.accounts.createOwnConnected(tx, ctx, { label: input.label, appKey: m.key, loginUrl: m.loginUrl, email: input.email, username: input.username ?? input.email, password: input.password, vaultId: input.vaultId }, 'enabled');
        const now = clock.now();
        const from = r.hm.state as HubMemberState;
        // T14 once the app lists the person; before that, the next sync settles them as onboarded.
        const to: HubMemberState = seatedStates.has(from) ? 'onboarded' : from;
        await updateHubMember(tx, r.hm.id, { connectedAccountId: account.id, draftAccountId: null, state: to, stateChangedAt: to === from ? r.hm.stateChangedAt : now, updatedAt: now });
        await deps.activity.record(tx, byMember(ctx, 'hub_member.account_connected', { type: 'hub_member', id: r.hm.id, label: r.hm.externalEmail }, { hubId: r.hub.id, accountId: account.id, from, to, managedIdentity: 'draftId' in input }));
        if (to !== 'onboarded') {
          // Acceptance is detected by a sync; run one now rather than waiting for the schedule.
          await enqueueJob(tx, { workspaceId: r.hub.workspaceId, task: 'sync_hub', trigger: 'card_open', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: r.hub.id }, idempotencyKey: `sync_hub:${r.hub.id}:${newId()}` }, now);
        }
        const card = toCard((await rows(tx, ctx, hubMemberId))[0]!);
        return card!;
      });
    },
  };
}
