import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import { hubPath } from './hubs.ts';
import type { Team } from './types.ts';

/**
 * Hand-written mirror of the access-shares API (server/src/modules/shares/dto.ts): the share
 * wizard, "Update role", "Remove user", "Remove team" and "Resend invite". Every write can run as
 * a dry run first; its `hash` passed back as `previewHash` applies exactly what was previewed.
 */

export type ShareRole = 'owner' | 'manager' | 'collaborator';
export type ShareAccess = 'seat' | 'hub_only';

export interface AssetGrantInput {
  assetId: string;
  access: 'full' | 'partial';
  permissions: string[];
}

export interface ShareSubject {
  type: 'user' | 'team';
  id: string;
}

export interface ShareInput {
  subjects: ShareSubject[];
  role: ShareRole;
  access: ShareAccess;
  appRoleKeys: string[];
  assetGrants: AssetGrantInput[];
  /** RFC 3339; absent = "Never". */
  expiresAt?: string;
  message?: string;
  alsoShareServiceAccount?: boolean;
  previewHash?: string;
}

/** What one change does to one person in the app (a preview row). Open: a newer server may add kinds. */
export type PlannedAction =
  | { kind: 'invite'; roles: string[] }
  | { kind: 'update'; fromRoles: string[]; toRoles: string[] }
  | { kind: 'remove_seat' }
  | { kind: 'cancel_queued_invite' }
  | { kind: 'hub_only' }
  | { kind: 'claim_required' }
  | { kind: 'record_only' }
  | { kind: 'none' };

export interface AccessPathDto {
  via: 'direct' | 'team' | 'collection';
  /** "Individual", the team's or the collection's name. */
  label: string;
  role: ShareRole;
}

export interface PlanRow {
  memberId: string;
  email: string;
  name: string;
  hubMemberId: string | null;
  action: PlannedAction;
  effective: { seat: boolean; appRoleKeys: string[]; assetGrants: AssetGrantInput[]; hubRole: ShareRole | null };
  /** The paths that remain after the change. */
  paths: AccessPathDto[];
}

export interface Plan {
  dryRun: boolean;
  hash: string;
  rows: PlanRow[];
  /** The parent job of what was applied; null for a dry run or when nothing reaches the app. */
  jobId: string | null;
}

export type RemoveUserMode = 'seat_and_hub' | 'hub_only';
export type RemoveTeamMode = 'remove_seats' | 'keep_individually';

const memberPath = (hubId: string, hubMemberId: string): string => `${hubPath(hubId)}/members/${encodeURIComponent(hubMemberId)}`;
const teamPath = (hubId: string, teamId: string): string => `${hubPath(hubId)}/teams/${encodeURIComponent(teamId)}`;

/** An applied change moves people, jobs and team grants: refresh all of the hub and the Automation lists. */
function useAfterApply(hubId: string): (plan: Plan) => Promise<void> {
  const queryClient = useQueryClient();
  return async (plan) => {
    if (plan.dryRun) return;
    await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(hubId) });
    await queryClient.invalidateQueries({ queryKey: hubKeys.teamGrants(hubId) });
    await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    // Cards on the dashboard (the sharer may have shared with themselves or a team they are in).
    await queryClient.invalidateQueries({ queryKey: ['cards'] });
  };
}

export interface PlanRequest<T> {
  input: T;
  dryRun: boolean;
}

/** `POST /hubs/{id}/shares`: the wizard's "Review changes" (dry run) and "Share". */
export function useShareHub(hubId: string): UseMutationResult<Plan, Error, PlanRequest<ShareInput>> {
  const after = useAfterApply(hubId);
  return useMutation({
    mutationFn: ({ input, dryRun }: PlanRequest<ShareInput>) => apiRequest<Plan>('POST', `${hubPath(hubId)}/shares`, { query: { dryRun }, body: input }),
    onSuccess: after,
  });
}

export interface UpdatePersonInput {
  hubMemberId: string;
  appRoleKeys: string[];
  assetGrants: AssetGrantInput[];
  previewHash?: string;
}

/** `PATCH /hubs/{id}/members/{hubMemberId}`: "Update role" on a direct grant. */
export function useUpdatePerson(hubId: string): UseMutationResult<Plan, Error, PlanRequest<UpdatePersonInput>> {
  const after = useAfterApply(hubId);
  return useMutation({
    mutationFn: ({ input: { hubMemberId, ...body }, dryRun }: PlanRequest<UpdatePersonInput>) =>
      apiRequest<Plan>('PATCH', memberPath(hubId, hubMemberId), { query: { dryRun }, body }),
    onSuccess: after,
  });
}

export interface RemovePersonInput {
  hubMemberId: string;
  mode: RemoveUserMode;
  previewHash?: string;
}

/** `DELETE /hubs/{id}/members/{hubMemberId}`: "Remove user". */
export function useRemovePerson(hubId: string): UseMutationResult<Plan, Error, PlanRequest<RemovePersonInput>> {
  const after = useAfterApply(hubId);
  return useMutation({
    mutationFn: ({ input: { hubMemberId, mode, previewHash }, dryRun }: PlanRequest<RemovePersonInput>) =>
      apiRequest<Plan>('DELETE', memberPath(hubId, hubMemberId), { query: { mode, dryRun, previewHash } }),
    onSuccess: after,
  });
}

export interface RemoveTeamInput {
  teamId: string;
  mode: RemoveTeamMode;
  previewHash?: string;
}

/** `DELETE /hubs/{id}/teams/{teamId}`: "Remove team". */
export function useRemoveTeam(hubId: string): UseMutationResult<Plan, Error, PlanRequest<RemoveTeamInput>> {
  const after = useAfterApply(hubId);
  return useMutation({
    mutationFn: ({ input: { teamId, mode, previewHash }, dryRun }: PlanRequest<RemoveTeamInput>) =>
      apiRequest<Plan>('DELETE', teamPath(hubId, teamId), { query: { mode, dryRun, previewHash } }),
    onSuccess: after,
  });
}

/** `POST …/resend-invite` (T10, T13) for "Invite expired" and "Invite failed" rows. */
export function useResendHubInvite(hubId: string): UseMutationResult<{ jobId: string }, Error, { hubMemberId: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ hubMemberId }: { hubMemberId: string }) => apiRequest<{ jobId: string }>('POST', `${memberPath(hubId, hubMemberId)}/resend-invite`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(hubId) });
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    },
  });
}

export interface TeamGrant {
  team: Team;
  /** What removing the team's seats would do today, per member (the dry run that found the grant). */
  preview: Plan;
}

/**
 * The teams holding this hub. The API has no list of a hub's team grants, so each team the viewer
 * can see is asked what "Remove team" would do as a dry run: the server answers 404 for teams
 * without a grant, and a plan (nothing kept) for those with one. Loaded only where it is shown.
 */
export function useHubTeamGrants(hubId: string, teams: Team[] | undefined, enabled = true): UseQueryResult<TeamGrant[], Error> {
  return useQuery({
    queryKey: [...hubKeys.teamGrants(hubId), (teams ?? []).map((team) => team.id).join(',')],
    queryFn: async ({ signal }) => {
      const found: TeamGrant[] = [];
      // A few at a time: each dry run is one short transaction on the hub.
      const queue = [...(teams ?? [])];
      const worker = async (): Promise<void> => {
        for (let team = queue.shift(); team; team = queue.shift()) {
          try {
            const preview = await apiRequest<Plan>('DELETE', teamPath(hubId, team.id), { query: { mode: 'remove_seats', dryRun: true }, signal });
            found.push({ team, preview });
          } catch (error) {
            if (!(isApiError(error) && error.code === 'not_found')) throw error;
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      return found.sort((a, b) => a.team.name.localeCompare(b.team.name));
    },
    enabled: enabled && teams !== undefined,
    staleTime: 15_000,
  });
}
