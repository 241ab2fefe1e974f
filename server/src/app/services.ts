import type { Config } from '../config/config.ts';
import type { Database, Executor } from '../db/client.ts';
import type { Kek } from '../crypto/kek.ts';
import { createCatalog, type Catalog } from '../connectors/catalog.ts';
import type { Connector } from '../connectors/types.ts';
import type { WorkerHooks } from '../jobs/worker.ts';
import type { TaskHandler } from '../jobs/types.ts';
import { createAutomationService, type AutomationService } from '../modules/automation/service.ts';
import { createHubAccess } from '../modules/hubs/access.ts';
import { createHubJobs } from '../modules/hubs/jobs.ts';
import { createHubPeopleService, type HubPeopleService } from '../modules/hubs/people.ts';
import { createHubsService, type HubsService } from '../modules/hubs/service.ts';
import { hubOAuthProviders } from '../modules/oauth/providers.ts';
import { createHubOAuthService, type HubOAuthService } from '../modules/oauth/service.ts';
import { createCardsService, type CardsService, type ManagedPhones } from '../modules/cards/service.ts';
import type { FacebookLoginSettings, HubOAuthSettings, MessagingSettings } from '../config/config.ts';
import { createMessagingServices, defaultMessagingSettings, type MessagingServices } from './messaging.ts';
import { createSharesService, type SharesService } from '../modules/shares/service.ts';
import { createCollectionsService, type CollectionsService } from '../modules/collections/service.ts';
import type { Clock } from '../lib/clock.ts';
import type { Random } from '../lib/random.ts';
import { byMember, createActivityService, type ActivityService } from '../modules/activity/service.ts';
import type { RequestContext } from '../lib/actor.ts';
import { createOneTimeTokens } from '../modules/auth/one-time-tokens.ts';
import { createAuthService, type AuthService } from '../modules/auth/service.ts';
import { createLoginTotp } from '../modules/auth/totp.ts';
import { createKeyring, type Keyring } from '../modules/keyring/service.ts';
import { createMailService, type MailService } from '../modules/mail/service.ts';
import type { MailTransport } from '../modules/mail/transport.ts';
import { createMembersService, type MembersService } from '../modules/members/service.ts';
import { createTeamsService, type TeamsService } from '../modules/teams/service.ts';
import { createWorkspacesService, type WorkspacesService } from '../modules/workspaces/service.ts';
import { createAccountSecrets } from '../modules/vault/secrets.ts';
import { createAccountsService, type AccountsService } from '../modules/vault/service.ts';
import { createAccountSharingService, type AccountSharingService } from '../modules/vault/sharing.ts';
import { createVaultsService, type VaultsService } from '../modules/vault/vaults.ts';

export interface ServiceDeps {
  config: Pick<Config, 'publicUrl' | 'mailFrom' | 'sessionTtlHours' | 'inviteTtlHours' | 'resetTtlMinutes' | 'loginMaxFailures'>;
  database: Database;
  kek: Kek;
  clock: Clock;
  random: Random;
  mailTransport: MailTransport | null;
  /** The third-party apps this install can connect to. */
  connectors: Connector[];
  /** Managed phone numbers for managed identities; null when none are configured. */
  phones?: ManagedPhones | null;
  /** Managed numbers and addresses, inbound SMS and mail, the inbox; defaults to the local range with webhooks refused. */
  messaging?: MessagingSettings;
  /** The Pinterest and TikTok apps hubs are authorised with; without it only pasted tokens connect them. */
  hubOAuth?: HubOAuthSettings;
  /** Facebook Login for "Connect your Facebook profile"; without it the step asks to pick the pending invitation. */
  facebookLogin?: FacebookLoginSettings | null;
}

export interface Services {
  activity: ActivityService;
  keyring: Keyring;
  mail: MailService;
  auth: AuthService;
  members: MembersService;
  teams: TeamsService;
  workspaces: WorkspacesService;
  vaults: VaultsService;
  accounts: AccountsService;
  accountSharing: AccountSharingService;
  catalog: Catalog;
  hubs: HubsService;
  hubOAuth: HubOAuthService;
  hubPeople: HubPeopleService;
  automation: AutomationService;
  shares: SharesService;
  cards: CardsService;
  collections: CollectionsService;
  hubJobs: ReturnType<typeof createHubJobs>;
  messaging: MessagingServices;
}

/** The composition root: every service gets exactly the collaborators it uses. */
export function createServices(deps: ServiceDeps): Services {
  const { config, database, clock, random } = deps;
  const activity = createActivityService({ database, clock });
  const keyring = createKeyring({ kek: deps.kek, random });
  const mail = createMailService({ database, keyring, clock, transport: deps.mailTransport, from: config.mailFrom });
  const tokens = createOneTimeTokens(random);
  const vaults = createVaultsService({ database, activity, clock });
  const workspaces = createWorkspacesService({ database, keyring, vaults, activity, clock });
  const auth = createAuthService({
    database, activity, mail, keyring, tokens, clock, random,
    totp: createLoginTotp(),
    publicUrl: config.publicUrl,
    sessionTtlHours: config.sessionTtlHours,
    resetTtlMinutes: config.resetTtlMinutes,
    loginMaxFailures: config.loginMaxFailures,
  });
  const members = createMembersService({
    database, activity, mail, tokens, clock,
    publicUrl: config.publicUrl,
    inviteTtlHours: config.inviteTtlHours,
    workspaceName: workspaces.nameOf,
    revokeSessions: auth.revokeSessions,
  });
  // Deleting an account releases its managed number and address; the messaging services are built below.
  let messagingRef: MessagingServices | null = null;
  const onDeleted = async (tx: Executor, account: { id: string }, ctx: RequestContext): Promise<void> => {
    await messagingRef!.phones.releaseForAccount(tx, account.id, byMember(ctx, '').actor);
    await messagingRef!.emailAddresses.releaseForAccount(tx, account.id);
  };
  const accounts = createAccountsService({ database, secrets: createAccountSecrets(keyring), vaults, activity, clock, onDeleted });
  const accountSharing = createAccountSharingService({ database, accounts, activity, clock });
  const catalog = createCatalog(deps.connectors);
  const access = createHubAccess({ accounts });
  const hubs = createHubsService({ database, catalog, access, accounts, activity, clock });
  // Only installed apps can be authorised; a provider's client is null until its app id and secret are set.
  const installed = new Set(catalog.list().map((m) => m.key));
  const providers = hubOAuthProviders(deps.hubOAuth ?? { pinterest: null, tiktok: null }).filter((p) => installed.has(p.appKey));
  const hubOAuth = createHubOAuthService({ database, hubs, providers, clock, random, publicUrl: config.publicUrl });
  const hubPeople = createHubPeopleService({ database, access, activity, clock });
  const automation = createAutomationService({ database, access, activity, clock });
  const hubJobs = createHubJobs({ database, catalog, accounts, activity, clock, mail, publicUrl: config.publicUrl });
  const shares = createSharesService({ database, access, activity, mail, clock, catalog, publicUrl: config.publicUrl });
  // Team events recompute hub access (spec §3.3).
  const teams = createTeamsService({ database, activity, clock, onTeamChanged: shares.onTeamChanged });
  const messaging = (messagingRef = createMessagingServices({ settings: deps.messaging ?? defaultMessagingSettings(), publicUrl: config.publicUrl, database, keyring, catalog, accounts, activity, clock, random }));
  // Managed identities get numbers once messaging is configured (the runtime always passes its settings).
  const managedPhones: ManagedPhones | null = deps.messaging ? { assign: (tx, workspaceId, accountId) => messaging.phones.assignNumber(tx, { workspaceId, accountId }) } : null;
  const cards = createCardsService({ database, catalog, accounts, phones: deps.phones === undefined ? managedPhones : deps.phones, activity, clock, random, publicUrl: config.publicUrl, facebookLogin: deps.facebookLogin ?? null });
  const collections = createCollectionsService({ database, access, activity, mail, clock, publicUrl: config.publicUrl });
  return { activity, keyring, mail, auth, members, teams, workspaces, vaults, accounts, accountSharing, catalog, hubs, hubOAuth, hubPeople, automation, shares, cards, collections, hubJobs, messaging };
}

/** Background work, by task name. */
export function jobHandlers(services: Services): Record<string, TaskHandler> {
  return { send_email: services.mail.sendHandler, ...services.hubJobs };
}

/** Every automation job state change writes an activity event in the same transaction (spec invariant 35). */
export function jobAuditHooks(services: Pick<Services, 'activity'>): WorkerHooks {
  const record = async (tx: Parameters<NonNullable<WorkerHooks['onClaimed']>>[0], job: { id: string; workspaceId: string | null; task: string; attempt: number; target: Record<string, string> }, status: string, error: Record<string, unknown> | null): Promise<void> => {
    if (!job.workspaceId || job.task === 'send_email') return;
    await services.activity.record(tx, { workspaceId: job.workspaceId, type: 'automation.job_state_changed', actor: { kind: 'system', id: null, label: 'Latchkey automation' }, target: { type: 'job', id: job.id, label: job.task }, data: { status, attempt: job.attempt, ...job.target, ...(error ? { code: error.code } : {}) } });
  };
  return {
    async onClaimed(tx, jobs) {
      for (const j of jobs) await record(tx, j, 'running', null);
    },
    async onFinished(tx, job, status, error) {
      await record(tx, job, status, error);
    },
  };
}
