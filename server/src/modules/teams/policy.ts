import type { MemberActor } from '../../lib/actor.ts';
import { isWorkspaceAdmin } from '../members/policy.ts';

export type TeamRole = 'team_admin' | 'team_member';

/** Login-Only and Guest members cannot create teams (spec §6.1). */
export function canCreateTeam(actor: MemberActor): boolean {
  return actor.role !== 'login_only' && actor.role !== 'guest';
}

/** Team Admins manage their team; workspace admins manage every team. */
export function canManageTeam(actor: MemberActor, myTeamRole: TeamRole | null): boolean {
  return isWorkspaceAdmin(actor) || myTeamRole === 'team_admin';
}

/** Guests see only the teams they belong to (spec §3.2). */
export function canSeeTeam(actor: MemberActor, myTeamRole: TeamRole | null): boolean {
  return actor.role !== 'guest' || myTeamRole !== null;
}
