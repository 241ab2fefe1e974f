import type { MantineColor } from '@mantine/core';
import type { HubAppRole } from '../../api/hub-types.ts';
import type { Plan, PlanRow, ShareRole } from '../../api/shares.ts';
import { humanize } from '../../lib/labels.ts';

export const SHARE_ROLE_LABELS: Record<ShareRole, string> = { owner: 'Owner', manager: 'Manager', collaborator: 'Collaborator' };

export const SHARE_ROLE_DESCRIPTIONS: Record<ShareRole, string> = {
  owner: 'Manages the hub: its people, settings and service account. May hold a seat or only oversee the hub in Latchkey.',
  manager: 'Holds a seat and manages the hub’s people (shares, role updates, removals); no settings or service account.',
  collaborator: 'Holds a seat and logs in to the app through Latchkey; manages nothing.',
};

/** Workspace roles that may only hold Collaborator (spec §6.2, invariant 7). */
export const COLLABORATOR_ONLY: ReadonlySet<string> = new Set(['guest', 'login_only']);

/** Role keys → "Admin, Editor", in the app's words. */
export function roleNames(keys: string[], roles: HubAppRole[]): string {
  if (keys.length === 0) return 'no app role';
  return keys.map((key) => roles.find((role) => role.key === key)?.label ?? humanize(key)).join(', ');
}

function topRank(keys: string[], roles: HubAppRole[]): number | null {
  const ranks = keys.map((key) => roles.find((role) => role.key === key)?.rank).filter((rank): rank is number => typeof rank === 'number');
  return ranks.length ? Math.max(...ranks) : null;
}

export interface ActionWords {
  /** Short chip, e.g. "Invite", "Downgrade". */
  chip: string;
  color: MantineColor;
  /** The sentence in the "What happens" column. */
  text: string;
  /** True when this row changes something inside the app. */
  reachesApp: boolean;
}

/** One preview row in plain words (spec §10.4): invites, role updates from → to, downgrades, removals, nothing. */
export function actionWords(row: PlanRow, appName: string, roles: HubAppRole[]): ActionWords {
  const action = row.action;
  switch (action.kind) {
    case 'invite':
      return { chip: 'Invite', color: 'blue', text: `Invite to ${appName} as ${roleNames(action.roles, roles)}`, reachesApp: true };
    case 'update': {
      const from = topRank(action.fromRoles, roles);
      const to = topRank(action.toRoles, roles);
      const chip = from !== null && to !== null ? (to < from ? 'Downgrade' : to > from ? 'Upgrade' : 'Role update') : 'Role update';
      return {
        chip,
        color: chip === 'Downgrade' ? 'orange' : 'violet',
        text: `Update role in ${appName}: ${roleNames(action.fromRoles, roles)} → ${roleNames(action.toRoles, roles)}`,
        reachesApp: true,
      };
    }
    case 'remove_seat':
      return { chip: 'Remove seat', color: 'red', text: `Remove the seat and permissions in ${appName} (or cancel the pending invite)`, reachesApp: true };
    case 'cancel_queued_invite':
      return { chip: 'Cancel invite', color: 'red', text: `Cancel the invite before it reaches ${appName}; the card disappears`, reachesApp: false };
    case 'hub_only':
      return { chip: 'Latchkey only', color: 'indigo', text: `Hub access in Latchkey without a seat in ${appName}`, reachesApp: false };
    case 'claim_required':
      return { chip: 'Claim first', color: 'yellow', text: 'Gets “Claim your invite” on their dashboard; nothing is sent until they claim it', reachesApp: false };
    case 'record_only':
      return {
        chip: 'Saved for later',
        color: 'gray',
        text: `Saved now; applied in ${appName} once they accept their invite or the running job ends`,
        reachesApp: false,
      };
    case 'none':
      return { chip: 'No change', color: 'gray', text: 'Already has this access: nothing changes', reachesApp: false };
    default:
      return { chip: humanize((action as { kind: string }).kind), color: 'gray', text: humanize((action as { kind: string }).kind), reachesApp: false };
  }
}

export interface PlanCounts {
  invites: number;
  updates: number;
  downgrades: number;
  removals: number;
  other: number;
  unchanged: number;
}

export function planCounts(plan: Plan, appName: string, roles: HubAppRole[]): PlanCounts {
  const counts: PlanCounts = { invites: 0, updates: 0, downgrades: 0, removals: 0, other: 0, unchanged: 0 };
  for (const row of plan.rows) {
    const words = actionWords(row, appName, roles);
    if (row.action.kind === 'invite') counts.invites += 1;
    else if (row.action.kind === 'update') counts[words.chip === 'Downgrade' ? 'downgrades' : 'updates'] += 1;
    else if (row.action.kind === 'remove_seat' || row.action.kind === 'cancel_queued_invite') counts.removals += 1;
    else if (row.action.kind === 'none') counts.unchanged += 1;
    else counts.other += 1;
  }
  return counts;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "3 invites · 1 downgrade" — or null when the preview changes nothing. */
export function planSummary(counts: PlanCounts): string | null {
  const parts = [
    counts.invites && plural(counts.invites, 'invite', 'invites'),
    counts.updates && plural(counts.updates, 'role update', 'role updates'),
    counts.downgrades && plural(counts.downgrades, 'downgrade', 'downgrades'),
    counts.removals && plural(counts.removals, 'removal', 'removals'),
    counts.other && plural(counts.other, 'other change', 'other changes'),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

/** "Individual", "Agency (team)", "Paid social (collection)" with the role each path gives. */
export function pathWords(path: PlanRow['paths'][number]): string {
  const where = path.via === 'direct' ? 'Individual' : path.via === 'team' ? `${path.label} (team)` : `${path.label} (collection)`;
  return `${where} · ${SHARE_ROLE_LABELS[path.role] ?? humanize(path.role)}`;
}
