import type { Database } from '../../db/client.ts';
import { rollUpParent } from '../../jobs/repo.ts';
import type { JobRow } from '../../jobs/types.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { HubAccess } from '../hubs/access.ts';
import { canOnHub, seesAllHubs } from '../hubs/policy.ts';
import { hubRolesOf } from '../hubs/repo.ts';
import { toJobDto, type JobDto } from './dto.ts';
import { cancelJobs, changedSince, childrenOf, findJob, listJobs, requeue, type JobFilters } from './repo.ts';

export interface AutomationService {
  list(ctx: RequestContext, f: Omit<JobFilters, 'visibleTo'>, limit: number, cursor?: string): Promise<{ data: JobDto[]; nextCursor: string | null }>;
  get(ctx: RequestContext, id: string): Promise<JobDto & { children: JobDto[] }>;
  retry(ctx: RequestContext, id: string): Promise<JobDto>;
  cancel(ctx: RequestContext, id: string): Promise<JobDto>;
  /** Jobs the actor may see that changed after `since` (the live stream polls this). */
  changes(ctx: RequestContext, since: Date): Promise<JobDto[]>;
}

export function createAutomationService(deps: { database: Database; access: HubAccess; activity: Pick<ActivityService, 'record'>; clock: Clock }): AutomationService {
  const { database, access, activity, clock } = deps;

  /** Admins see the whole Automation Log; others their own jobs and those of hubs they manage (spec §6.1). */
  async function scope(ctx: RequestContext): Promise<JobFilters['visibleTo']> {
    if (seesAllHubs(ctx.actor)) return undefined;
    const roles = await hubRolesOf(database.db, ctx.actor.workspaceId, null, ctx.actor.memberId);
    const managed = roles.filter((r) => r.role === 'owner' || r.role === 'manager').map((r) => r.hubId);
    return { memberId: ctx.actor.memberId, hubIds: [...new Set(managed)] };
  }

  async function visible(ctx: RequestContext, id: string, forUpdate = false): Promise<JobRow> {
    const job = await findJob(database.db, ctx.actor.workspaceId, id, forUpdate);
    const v = await scope(ctx);
    const ok = job && (!v || job.actorId === v.memberId || (job.target.hubId !== undefined && v.hubIds.includes(job.target.hubId)));
    if (!job || !ok || job.task === 'send_email') throw new AppError('not_found', 'No such job, or it is not visible to you.');
    return job;
  }

  /** Retrying or cancelling needs "Check for updates" rights on the job's hub (spec §6.2). */
  async function assertCanAct(ctx: RequestContext, job: JobRow): Promise<void> {
    if (!job.target.hubId) {
      if (job.actorId !== ctx.actor.memberId) throw new AppError('forbidden', 'Only the person who started this job can retry or cancel it.');
      return;
    }
    const { role } = await access.load(database.db, ctx, job.target.hubId);
    if (!canOnHub(role, 'sync')) throw new AppError('forbidden', "Only the hub's Owners and Managers can retry or cancel its jobs.");
  }

  return {
    async list(ctx, f, limit, cursor) {
      const c = decodeCursor(cursor, 2);
      const rows = await listJobs(database.db, ctx.actor.workspaceId, { ...f, visibleTo: await scope(ctx) }, limit + 1, c ? { createdAt: new Date(String(c[0])), id: String(c[1]) } : null);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toJobDto), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async get(ctx, id) {
      const job = await visible(ctx, id);
      return { ...toJobDto(job), children: (await childrenOf(database.db, ctx.actor.workspaceId, job.id)).map(toJobDto) };
    },

    async retry(ctx, id) {
      const job = await visible(ctx, id);
      await assertCanAct(ctx, job);
      return database.tx(async (tx) => {
        const fresh = (await findJob(tx, ctx.actor.workspaceId, id, true))!;
        if (fresh.status !== 'not_completed' || !fresh.canRetry) throw new AppError('conflict', fresh.status === 'not_completed' ? 'This job cannot be retried: fix the cause, then run the action again.' : 'Only jobs that did not complete can be retried.');
        const now = clock.now();
        await requeue(tx, id, now);
        await rollUpParent(tx, fresh.parentId);
        await activity.record(tx, byMember(ctx, 'automation.job_retried', { type: 'job', id, label: fresh.task }, { code: (fresh.error as { code?: string } | null)?.code ?? null }));
        return toJobDto((await findJob(tx, ctx.actor.workspaceId, id))!);
      });
    },

    async cancel(ctx, id) {
      const job = await visible(ctx, id);
      await assertCanAct(ctx, job);
      return database.tx(async (tx) => {
        const fresh = (await findJob(tx, ctx.actor.workspaceId, id, true))!;
        const targets = [fresh, ...(await childrenOf(tx, ctx.actor.workspaceId, id))].filter((j) => j.status === 'queued' || j.status === 'retrying');
        if (targets.length === 0) throw new AppError('conflict', 'Only queued or retrying jobs can be cancelled; this one already ran.');
        await cancelJobs(tx, targets.map((j) => j.id), clock.now());
        await rollUpParent(tx, fresh.parentId);
        if (fresh.parentId === null && targets.length > 0) await rollUpParent(tx, fresh.id);
        await activity.record(tx, byMember(ctx, 'automation.job_cancelled', { type: 'job', id, label: fresh.task }, { cancelled: targets.length }));
        return toJobDto((await findJob(tx, ctx.actor.workspaceId, id))!);
      });
    },

    async changes(ctx, since) {
      return (await changedSince(database.db, ctx.actor.workspaceId, { visibleTo: await scope(ctx) }, since, 200)).map(toJobDto);
    },
  };
}
