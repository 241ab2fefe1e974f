import type { InviteOutcome, InviteRequest } from '../../connectors/types.ts';
import type { Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { JobError, type BatchJobHandler, type BatchOutcome, type JobRow, toJobError } from '../../jobs/types.ts';
import type { DesiredAssetGrant } from './asset-grants.ts';
import { isFinalAttempt, type HubJobsDeps, type JobSupport } from './job-support.ts';
import { findHubMember, updateHubMember, type HubMemberRow, type HubRow } from './repo.ts';
import { settledState, type HubMemberState } from './states.ts';

/** What `hubMembers.invite` records about the app's invite (spec §3.9, §10.7). */
export interface InviteRecord {
  externalInviteId: string | null;
  expiresAt: string | null;
  status: string;
  generation: number;
  sentAt: string;
  outcome: InviteOutcome['outcome'];
  /** Automatic re-invites sent for this grant so far (spec §10.7). */
  reinviteCount: number;
}

/** States in which an invite's answer still applies (a retried failed or lapsed invite included); others came from a later change. */
const awaitingInvite: ReadonlySet<HubMemberState> = new Set(['inviting', 'pending_invite_claim', 'invite_failed', 'invite_expired']);

export const inviteOf = (hm: Pick<HubMemberRow, 'invite'>): Partial<InviteRecord> => (hm.invite ?? {}) as Partial<InviteRecord>;

/**
 * Invites people (spec §5.7 step 7). The worker hands over every due `add_user` job of one hub, up
 * to 50, and the connector sends them in as few calls as the app allows (Pinterest and TikTok take
 * 50 addresses per call, Meta one). Each job still settles alone: a per-person refusal fails only
 * that person (§10.8 "partial failures recorded per person").
 *
 * Exactly once per (hub member, generation), even across crashes: the connectors list what is
 * pending before inviting, so a retry after a crash gets "already invited" back and adopts it.
 */
export function createInviteJob(deps: HubJobsDeps, support: JobSupport): BatchJobHandler {
  const { database, catalog, clock } = deps;

  async function markFailed(tx: Executor, hub: HubRow, hm: HubMemberRow, job: JobRow): Promise<void> {
    await updateHubMember(tx, hm.id, { state: 'invite_failed', stateChangedAt: clock.now(), updatedAt: clock.now() });
    await support.stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, 'invite_failed', job.id);
  }

  return {
    batchBy: 'hubId',
    maxBatch: 50,
    async run({ jobs, signal }) {
      const outcomes = new Map<string, BatchOutcome>();
      const hub = await support.loadHub(database.db, jobs[0]!);
      const connector = catalog.connector(hub.appKey);
      const people: { job: JobRow; hm: HubMemberRow; request: InviteRequest }[] = [];
      const known = await support.knownAssets(hub);
      for (const job of jobs) {
        const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
        if (!hm) {
          outcomes.set(job.id, { error: new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false }) });
          continue;
        }
        const desired = hm.desired as { appRoleKeys?: string[]; assetGrants?: DesiredAssetGrant[] };
        // A resend names the lapsed invite it replaces, fixed when it was queued, so every attempt cancels only that one.
        const replaces = typeof job.payload.replaces === 'string' ? job.payload.replaces : null;
        people.push({ job, hm, request: { email: hm.externalEmail, roles: desired.appRoleKeys ?? [], assets: await support.appAssets(hub, desired.assetGrants ?? [], known), ...(replaces ? { replaces } : {}) } });
      }
      if (people.length === 0) return outcomes;

      let results: InviteOutcome[];
      try {
        results = await connector.invite(await support.contextFor(hub, jobs[0]!, signal), people.map((p) => p.request));
      } catch (e) {
        const err = toJobError(e);
        await database.tx(async (tx) => {
          for (const p of people) if (isFinalAttempt(err, p.job)) await markFailed(tx, hub, p.hm, p.job);
        });
        await support.noteFailure(hub, jobs[0]!, err);
        for (const p of people) outcomes.set(p.job.id, { error: err });
        return outcomes;
      }

      await database.tx(async (tx) => {
        const now = clock.now();
        const ttlMs = connector.manifest.inviteTtlHours * 3600_000;
        for (const [i, p] of people.entries()) {
          const outcome = results[i];
          if (!outcome || outcome.outcome === 'failed') {
            const error = outcome?.error ?? new JobError('ConnectorUnavailable', 'The app returned no result for this invite.', { transient: true });
            if (isFinalAttempt(error, p.job)) await markFailed(tx, hub, p.hm, p.job);
            outcomes.set(p.job.id, { error });
            continue;
          }
          // Re-read under lock: a removal or re-share while the app was being called wins over this invite's answer.
          const fresh = await findHubMember(tx, hub.workspaceId, hub.id, p.hm.id, true);
          if (!fresh || !awaitingInvite.has(fresh.state as HubMemberState)) {
            outcomes.set(p.job.id, { result: { email: p.hm.externalEmail, outcome: outcome.outcome, superseded: fresh?.state ?? 'deleted' } });
            continue;
          }
          const connected = fresh.connectedAccountId !== null;
          const to: HubMemberState = outcome.outcome === 'already_member' ? settledState({ desiredSeat: true, loginMethod: hub.loginMethod as 'sso', requestToSave: hub.requestToSave, connected }) : 'pending_invite_claim';
          const previous = inviteOf(fresh);
          const invite: InviteRecord = {
            externalInviteId: outcome.externalInviteId,
            // The app's own expiry when it reports one, else the connector's documented default (spec §10.7).
            expiresAt: outcome.expiresAt ?? (outcome.outcome === 'already_member' ? null : new Date(now.getTime() + ttlMs).toISOString()),
            status: outcome.outcome === 'already_member' ? 'accepted' : 'pending',
            generation: Number(p.job.payload.generation ?? 1),
            sentAt: now.toISOString(),
            outcome: outcome.outcome,
            // Only the invite watch's re-invites use up the automatic budget; a person's resend or a new share starts it again.
            reinviteCount: p.job.trigger === 'invite_watch' ? (previous.reinviteCount ?? 0) : 0,
          };
          await updateHubMember(tx, fresh.id, { state: to, invite: invite as unknown as Record<string, unknown>, stateChangedAt: to === fresh.state ? fresh.stateChangedAt : now, updatedAt: now });
          await support.stateChange(tx, hub, fresh.id, fresh.externalEmail, fresh.state as HubMemberState, to, p.job.id);
          outcomes.set(p.job.id, { result: { email: p.hm.externalEmail, outcome: outcome.outcome } });
        }
        // Acceptance is detected by sync: one runs soon after invites go out (then on the invite watch).
        // The key per hub and minute folds a whole batch of invites into one sync.
        const slot = Math.floor(now.getTime() / 60_000) + 1;
        await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'sync_hub', trigger: 'invite_watch', actor: { kind: 'system', id: null }, target: { hubId: hub.id }, runAt: new Date(slot * 60_000 + 30_000), idempotencyKey: `sync_hub:after_invites:${hub.id}:${slot}` }, now);
      });
      return outcomes;
    },
  };
}
