import { z } from 'zod';
import { describeFailure } from '../../jobs/failure-codes.ts';
import type { JobRow } from '../../jobs/types.ts';

/** UI labels per task (spec §3.17). */
export const taskLabels: Record<string, string> = {
  validate_hub: 'Validating business hub',
  sync_hub: 'Syncing users',
  add_user: 'Adding users',
  add_users: 'Adding users',
  access_change: 'Applying access changes',
  check_invite: 'Checking invites',
  assign_assets: 'Assigning assets',
  update_user: 'Updating user roles',
  remove_user: 'Removing users',
  rotate_password: 'Rotating passwords',
  turn_on_mfa: 'Turning on MFA',
  turn_off_mfa: 'Turning off MFA',
};

export const jobStatuses = ['queued', 'started', 'running', 'retrying', 'completed', 'not_completed', 'cancelled'] as const;

export const jobSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  rootId: z.uuid().nullable(),
  task: z.string(),
  taskLabel: z.string(),
  status: z.enum(jobStatuses),
  trigger: z.string(),
  actor: z.object({ kind: z.string(), id: z.uuid().nullable() }),
  target: z.record(z.string(), z.string()),
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  canRetry: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), userAction: z.string().nullable(), remedy: z.string() }).nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  runAt: z.date(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  updatedAt: z.date(),
});
export type JobDto = z.infer<typeof jobSchema>;

export function toJobDto(j: JobRow): JobDto {
  const e = j.error as { code?: string; message?: string; userAction?: string | null } | null;
  return {
    id: j.id, parentId: j.parentId, rootId: j.rootId, task: j.task, taskLabel: taskLabels[j.task] ?? j.task, status: j.status as JobDto['status'], trigger: j.trigger,
    actor: { kind: j.actorKind, id: j.actorId }, target: j.target, attempt: j.attempt, maxAttempts: j.maxAttempts, canRetry: j.canRetry,
    error: e?.code ? { code: e.code, message: e.message ?? '', userAction: e.userAction ?? describeFailure(e.code).userAction, remedy: describeFailure(e.code).remedy } : null,
    result: j.result ?? null, runAt: j.runAt, createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt, updatedAt: j.updatedAt,
  };
}
