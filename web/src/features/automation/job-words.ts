import type { Hub, Job } from '../../api/hub-types.ts';
import type { Member } from '../../api/types.ts';
import { memberName } from '../../lib/labels.ts';

/** Lookups the Automation tables use to name who started a job and what it touched. */
export interface JobNames {
  selfId: string;
  hubs: Map<string, Hub>;
  members: Map<string, Member>;
  /** Hub member id → their email in the app, from the hub tables already loaded. */
  people: Map<string, string>;
}

export function actorName(job: Job, names: JobNames): string {
  if (job.actor.kind === 'system') return 'Latchkey automation';
  if (job.actor.kind === 'api_key') return 'API key';
  if (!job.actor.id) return 'Unknown';
  if (job.actor.id === names.selfId) return 'You';
  const member = names.members.get(job.actor.id);
  return member ? memberName(member) : 'A member';
}

/** "Acme – Sandbox", or "dana@agency.test on Acme – Sandbox" for a job about one person. */
export function targetName(job: Job, names: JobNames): string {
  const hub = job.target.hubId ? names.hubs.get(job.target.hubId) : undefined;
  const hubLabel = hub?.label ?? (job.target.hubId ? 'A deleted or hidden hub' : null);
  const email =
    typeof job.result?.['email'] === 'string' ? job.result['email'] : job.target.hubMemberId ? (names.people.get(job.target.hubMemberId) ?? null) : null;
  if (email && hubLabel) return `${email} on ${hubLabel}`;
  return hubLabel ?? email ?? '—';
}

/** "0.4 s", "12 s", "3 min", "2 h"; null until the job has both ends. */
export function duration(job: Job): string | null {
  if (!job.startedAt || !job.finishedAt) return null;
  const ms = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return null;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3600_000)} h`;
}

const RESULT_LABELS: Record<string, string> = {
  matched: 'Matched to members',
  unmatched: 'Unmatched people found',
  updated: 'People whose state changed',
  removed: 'Marked removed',
  spaceName: 'Space in the app',
  email: 'Person',
  outcome: 'Outcome',
};

/** A job's result as labelled rows; nested values are summarised, never dumped. */
export function resultRows(result: Record<string, unknown> | null): { label: string; value: string }[] {
  if (!result) return [];
  return Object.entries(result)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => ({ label: RESULT_LABELS[key] ?? key, value: String(value) }));
}
