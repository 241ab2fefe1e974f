import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Team, TeamDetail, TeamRole } from './types.ts';

const teamPath = (teamId: string): string => `/teams/${encodeURIComponent(teamId)}`;

export function useTeams(): UseQueryResult<Team[], Error> {
  return useQuery({
    queryKey: queryKeys.teams.list,
    queryFn: async ({ signal }) => (await apiRequest<{ data: Team[] }>('GET', '/teams', { signal })).data,
  });
}

export function useTeam(teamId: string): UseQueryResult<TeamDetail, Error> {
  return useQuery({
    queryKey: queryKeys.teams.detail(teamId),
    queryFn: ({ signal }) => apiRequest<TeamDetail>('GET', teamPath(teamId), { signal }),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status < 500),
  });
}

function useInvalidateTeams(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.teams.all });
}

export function useCreateTeam(): UseMutationResult<Team, Error, { name: string }> {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (input: { name: string }) => apiRequest<Team>('POST', '/teams', { body: input }),
    onSuccess: invalidate,
  });
}

export function useRenameTeam(teamId: string): UseMutationResult<Team, Error, { name: string }> {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (input: { name: string }) => apiRequest<Team>('PATCH', teamPath(teamId), { body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam(teamId: string): UseMutationResult<void, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('DELETE', teamPath(teamId)),
    // Only the list: refetching the open detail page would flash "not found" before navigation.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.teams.list }),
  });
}

export function useAddTeamMember(teamId: string): UseMutationResult<unknown, Error, { memberId: string; teamRole: TeamRole }> {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (input: { memberId: string; teamRole: TeamRole }) =>
      apiRequest<unknown>('POST', `${teamPath(teamId)}/members`, { body: input }),
    onSuccess: invalidate,
  });
}

export function useChangeTeamRole(teamId: string): UseMutationResult<unknown, Error, { memberId: string; teamRole: TeamRole }> {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ memberId, teamRole }: { memberId: string; teamRole: TeamRole }) =>
      apiRequest<unknown>('PATCH', `${teamPath(teamId)}/members/${encodeURIComponent(memberId)}`, { body: { teamRole } }),
    onSuccess: invalidate,
  });
}

export function useRemoveTeamMember(teamId: string): UseMutationResult<void, Error, { memberId: string }> {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ memberId }: { memberId: string }) =>
      apiRequest<void>('DELETE', `${teamPath(teamId)}/members/${encodeURIComponent(memberId)}`),
    onSuccess: invalidate,
  });
}
