import type { Catalog } from '../../connectors/catalog.ts';
import type { AssetGrant, ConnectorContext } from '../../connectors/types.ts';
import type { Database, Executor } from '../../db/client.ts';
import { JobError, type JobRow } from '../../jobs/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { ActivityInput, ActivityService } from '../activity/service.ts';
import type { MailService } from '../mail/service.ts';
import type { AccountsService } from '../vault/service.ts';
import { resolveGrants, type DesiredAssetGrant, type KnownAssets } from './asset-grants.ts';
import { healthFor, setHealth } from './health.ts';
import { findHub, listAssets, type HubRow } from './repo.ts';
import type { HubMemberState } from './states.ts';

export interface HubJobsDeps {
  database: Database;
  catalog: Catalog;
  accounts: Pick<AccountsService, 'readForAutomation' | 'writeForAutomation'>;
  activity: Pick<ActivityService, 'record' | 'recordMany'>;
  clock: Clock;
  /** Tells invitees about automatic re-invites; absent in tests that do not look at mail. */
  mail?: Pick<MailService, 'queue'>;
  publicUrl?: string;
}

export const automationActor = { kind: 'system' as const, id: null, label: 'Latchkey automation' };

/** Whether this attempt is the job's last: a permanent failure, or a transient one with no attempts left. */
export const isFinalAttempt = (err: JobError, job: JobRow): boolean => !err.opts.transient || job.attempt >= job.maxAttempts;

/** What every hub job needs: the hub, the connector's view of it, and how failures and state changes are recorded. */
export function createJobSupport(deps: HubJobsDeps) {
  const { database, activity, clock } = deps;

  async function loadHub(ex: Executor, job: JobRow): Promise<HubRow> {
    const hub = await findHub(ex, job.workspaceId ?? '', job.target.hubId ?? '');
    if (!hub) throw new JobError('not_found', 'The hub was deleted.', { canRetry: false });
    return hub;
  }

  /**
   * The connector's view of the hub: the service credential is read (and audited) per job, and a
   * credential the connector renews (an OAuth refresh) is written back to the vault, so the next
   * process starts from it.
   */
  async function contextFor(hub: HubRow, job: JobRow, signal: AbortSignal): Promise<ConnectorContext> {
    const accountId = hub.serviceCredentialId;
    const reason = { jobId: job.id, task: job.task };
    const token = accountId ? await database.tx((tx) => deps.accounts.readForAutomation(tx, hub.workspaceId, accountId, 'password', reason)) : null;
    if (!accountId || !token) throw new JobError('EmptyPasswordError', 'The service account has no token or password stored.', { userAction: 'review_credentials' });
    // Compare-and-set: a refresh replaces only the token this job read (or its own last refresh), never one saved meanwhile.
    let held = token;
    return {
      businessId: hub.businessId ?? '', connectFields: hub.connectFields, credential: { token }, signal,
      onCredentialRefreshed: async (secret) => {
        if (await database.tx((tx) => deps.accounts.writeForAutomation(tx, hub.workspaceId, accountId, 'password', secret, { ...reason, why: 'token_refreshed', replaces: held }))) held = secret;
      },
    };
  }

  /** The hub's assets, read once per job or sync and reused for every person in it. */
  async function knownAssets(hub: HubRow, ex: Executor = database.db): Promise<KnownAssets> {
    return new Map((await listAssets(ex, hub.workspaceId, hub.id)).map((a) => [a.id, a]));
  }

  /** A person's grants in the app's ids (see `resolveGrants`). */
  async function appAssets(hub: HubRow, grants: DesiredAssetGrant[], known?: KnownAssets): Promise<AssetGrant[]> {
    if (grants.length === 0) return [];
    return resolveGrants(grants, known ?? (await knownAssets(hub)));
  }

  /** A final failure that says something about the hub moves its health (spec §4.1). */
  async function noteFailure(hub: HubRow, job: JobRow, err: JobError): Promise<void> {
    const health = healthFor(err.code);
    if (isFinalAttempt(err, job) && health) await database.tx(async (tx) => setHealth(tx, activity, (await findHub(tx, hub.workspaceId, hub.id))!, health, { code: err.code, message: err.message, jobId: job.id }, clock.now()));
  }

  function stateChangeEvent(hub: HubRow, hubMemberId: string, email: string, from: HubMemberState | null, to: HubMemberState, jobId: string, data: Record<string, unknown> = {}): ActivityInput {
    return { workspaceId: hub.workspaceId, type: 'hub_member.state_changed', actor: automationActor, target: { type: 'hub_member', id: hubMemberId, label: email }, data: { hubId: hub.id, from, to, jobId, ...data } };
  }

  async function stateChange(tx: Executor, hub: HubRow, hubMemberId: string, email: string, from: HubMemberState | null, to: HubMemberState, jobId: string): Promise<void> {
    if (from !== to) await activity.record(tx, stateChangeEvent(hub, hubMemberId, email, from, to, jobId));
  }

  return { loadHub, contextFor, knownAssets, appAssets, noteFailure, stateChangeEvent, stateChange };
}

export type JobSupport = ReturnType<typeof createJobSupport>;
