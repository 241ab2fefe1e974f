import type { Executor } from '../../db/client.ts';
import { enqueueMemberJob, type MemberJobArgs } from '../hubs/member-jobs.ts';
import { holdWaitingJob } from './repo.ts';

/**
 * Starts (or joins) the `check_invite` a card asks for: a card click, Facebook's "Try again", an
 * invitation pick. The check reads the whole hub and its follow-ups serve everyone on it, so clicks
 * on one hub share it: its key is per hub and minute, `check_invite:card:<hubId>:<minute>`.
 *
 * A click joins that check only while it still waits to run (queued, or retrying after a failed
 * attempt): only a read that starts after this click commits sees what the click changed (the first
 * open, a bound profile). The job row stays share-locked until then, so the worker cannot claim it
 * in between. Once the minute's check started or ended, the click queues the minute's next one
 * (`…:<minute>:2`, `:3`, …), which later clicks join in turn: at most one card check per hub waits
 * at any time, and a failed check can be retried at once.
 *
 * The job's target names the person whose click queued it; every person who joined it has it as
 * `lastJobId`, which is how their card finds it (see `latestSetupJobs`).
 */
export async function enqueueCardCheck(tx: Executor, args: Omit<MemberJobArgs, 'task' | 'key' | 'parentId'>, now: Date): Promise<string> {
  const minute = Math.floor(now.getTime() / 60_000);
  for (let n = 1; ; n++) {
    const key = `check_invite:card:${args.hub.id}:${minute}${n > 1 ? `:${n}` : ''}`;
    const id = await enqueueMemberJob(tx, { ...args, task: 'check_invite', key }, now);
    if (await holdWaitingJob(tx, id)) return id;
  }
}
