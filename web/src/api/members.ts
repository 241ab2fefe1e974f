import {
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { InviteMemberInput, Member, MemberFilters, Page, UpdateMemberInput } from './types.ts';
import { useCursorPages } from './cursor-pages.ts';


export function useMembers(filters: MemberFilters): UseInfiniteQueryResult<InfiniteData<Page<Member>>, Error> {
  return useCursorPages<Member>({ queryKey: queryKeys.members.list(filters), path: '/members', query: { q: filters.q, status: filters.status }, keepPrevious: true });
}

/** Up to 200 members for pickers (team membership, activity actor filter). */
export function useMemberOptions(enabled = true): UseQueryResult<Member[], Error> {
  return useQuery({
    queryKey: queryKeys.members.options,
    queryFn: async ({ signal }) => {
      const page = await apiRequest<Page<Member>>('GET', '/members', { query: { limit: 200 }, signal });
      return page.data;
    },
    enabled,
    staleTime: 30_000,
  });
}

export function useInviteMember(): UseMutationResult<Member, Error, InviteMemberInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteMemberInput) => apiRequest<Member>('POST', '/members', { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.members.all }),
  });
}

export function useUpdateMember(): UseMutationResult<Member, Error, { id: string; changes: UpdateMemberInput }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateMemberInput }) =>
      apiRequest<Member>('PATCH', `/members/${encodeURIComponent(id)}`, { body: changes }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      await queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

export type MemberAction = 'resend-invite' | 'disable' | 'enable';

export function useMemberAction(): UseMutationResult<unknown, Error, { id: string; action: MemberAction }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: MemberAction }) =>
      apiRequest<unknown>('POST', `/members/${encodeURIComponent(id)}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.members.all }),
  });
}
