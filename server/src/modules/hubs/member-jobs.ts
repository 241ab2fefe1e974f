import type { Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { newId } from '../../lib/ids.ts';

/**
 * Per-person follow-up work on a hub: `check_invite` (read the app now: has the person joined?) and
 * `assign_assets` (grant the asset access chosen at share time that the app does not show yet).
 * Enqueued in the caller's transaction, like every job (the outbox rule).
 */
export type MemberTask = 'check_invite' | 'assign_assets';

export interface MemberJobArgs {
  hub: { id: string; workspaceId: string };
  hubMemberId: string;
  task: MemberTask;
  /** Spec §4.4 triggers, e.g. `card_open`, `invite_watch`, `web_app`. */
  trigger: string;
  actor: { kind: 'member' | 'system'; id: string | null };
  parentId?: string;
  /**
   * The idempotency key: enqueueing a key that exists answers that job instead of adding one (e.g.
   * card clicks on one hub share `check_invite:card:<hubId>:<minute>`). Default: a fresh key.
   */
  key?: string;
}

export async function enqueueMemberJob(tx: Executor, args: MemberJobArgs, now: Date): Promise<string> {
  return enqueueJob(tx, {
    workspaceId: args.hub.workspaceId,
    task: args.task,
    trigger: args.trigger,
    actor: args.actor,
    target: { hubId: args.hub.id, hubMemberId: args.hubMemberId },
    ...(args.parentId ? { parentId: args.parentId } : {}),
    idempotencyKey: args.key ?? `${args.task}:${args.hubMemberId}:${newId(now.getTime())}`,
  }, now);
}
