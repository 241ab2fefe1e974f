import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppManifest } from '../../connectors/types.ts';
import type { Executor } from '../../db/client.ts';
import { jobs } from '../../db/schema/index.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { JobRow } from '../../jobs/types.ts';
import { inviteResent } from '../mail/templates.ts';
import { assetGap } from './asset-jobs.ts';
import { followUpFor } from './follow-ups.ts';
import { inviteOf } from './invite-jobs.ts';
import { automationActor, type HubJobsDeps, type JobSupport } from './job-support.ts';
import { listHubMembers, updateHubMember, type HubRow } from './repo.ts';
import type { HubMemberState } from './states.ts';
import { enqueueMemberJob } from './member-jobs.ts';

/** People with an `add_user` or `assign_assets` job not finished yet: a sync never queues a second one. */
async function busyPeople(tx: Executor, hubId: string): Promise<{ inviting: Set<string>; assigning: Set<string> }> {
  const rows = await tx
    .select({ task: jobs.task, hubMemberId: sql<string>`${jobs.target} ->> 'hubMemberId'` })
    .from(jobs)
    .where(and(inArray(jobs.task, ['add_user', 'assign_assets']), inArray(jobs.status, ['queued', 'running', 'retrying']), sql`${jobs.target} ->> 'hubId' = ${hubId}`));
  const of = (task: string): Set<string> => new Set(rows.filter((r) => r.task === task).map((r) => r.hubMemberId));
  return { inviting: of('add_user'), assigning: of('assign_assets') };
}

/**
 * What a sync leaves to do, in its own transaction (the outbox rule): joined people get the asset
 * access their app's join step now allows (`assign_assets`), and invites that lapsed are sent
 * again while automatic re-invites remain, telling the invitee by e-mail (spec §10.7).
 */
export function createSyncFollowUps(deps: HubJobsDeps, support: JobSupport) {
  const { activity } = deps;
  return {
    async run(tx: Executor, hub: HubRow, manifest: AppManifest, job: JobRow, now: Date): Promise<{ assetAssignments: number; reinvites: number }> {
      const counts = { assetAssignments: 0, reinvites: 0 };
      const busy = await busyPeople(tx, hub.id);
      const known = await support.knownAssets(hub, tx);
      for (const hm of await listHubMembers(tx, hub.workspaceId, hub.id)) {
        const desiredSeat = (hm.desired as { seat?: boolean }).seat !== false;
        const invite = inviteOf(hm);
        const { pending } = hm.externalUserId ? await assetGap(support, hub, hm, known) : { pending: [] };
        const next = followUpFor(
          { state: hm.state as HubMemberState, externalUserId: hm.externalUserId, desiredSeat, pendingAssets: pending, firstCardOpenAt: hm.firstCardOpenAt, profileBound: hm.appProfile !== null, reinviteCount: invite.reinviteCount ?? 0 },
          manifest.joinSteps,
          hub,
        );
        if (next.kind === 'assign_assets' && !busy.assigning.has(hm.id)) {
          await enqueueMemberJob(tx, { hub, hubMemberId: hm.id, task: 'assign_assets', trigger: job.trigger === 'card_open' ? 'card_open' : 'invite_watch', actor: { kind: 'system', id: null } }, now);
          counts.assetAssignments++;
        } else if (next.kind === 'reinvite' && !busy.inviting.has(hm.id)) {
          const generation = Number(invite.generation ?? 1) + 1;
          const payload = { generation, ...(invite.externalInviteId ? { replaces: invite.externalInviteId } : {}) };
          const jobId = await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'add_user', trigger: 'invite_watch', actor: { kind: 'system', id: null }, target: { hubId: hub.id, hubMemberId: hm.id }, payload, idempotencyKey: `add_user:${hm.id}:${generation}` }, now);
          await updateHubMember(tx, hm.id, { state: 'inviting', lastJobId: jobId, invite: { ...invite, generation, reinviteCount: next.attempt }, stateChangedAt: now, updatedAt: now });
          await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub_member.invite_resent', actor: automationActor, target: { type: 'hub_member', id: hm.id, label: hm.externalEmail }, data: { hubId: hub.id, from: hm.state, to: 'inviting', generation, jobId, automatic: true, attempt: next.attempt, of: hub.autoReinviteMax } });
          if (deps.mail) {
            await deps.mail.queue(tx, { workspaceId: hub.workspaceId, kind: 'invite_resent', to: hm.memberEmail ?? hm.externalEmail, ...inviteResent({ appName: manifest.displayName, hubLabel: hub.label, email: hm.externalEmail, attempt: next.attempt, maxAttempts: hub.autoReinviteMax, url: `${deps.publicUrl ?? ''}/accounts` }) });
          }
          counts.reinvites++;
        }
      }
      return counts;
    },
  };
}
