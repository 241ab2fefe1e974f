import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { AcceptInvitationInput, InvitationDetails, Session } from './types.ts';

/** Reads who an invite is for. POST because the token must never travel in a URL. */
export function useInvitation(token: string): UseQueryResult<InvitationDetails, Error> {
  return useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: ({ signal }) => apiRequest<InvitationDetails>('POST', '/invitations/inspect', { body: { token }, signal }),
    enabled: token.length > 0,
    retry: false,
    staleTime: Infinity,
  });
}

export function useAcceptInvitation(): UseMutationResult<unknown, Error, AcceptInvitationInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AcceptInvitationInput) => apiRequest<unknown>('POST', '/invitations/accept', { body: input }),
    onSuccess: (result) => {
      queryClient.removeQueries();
      queryClient.setQueryData(queryKeys.setup, { needsSetup: false });
      if (isSession(result)) queryClient.setQueryData(queryKeys.session, result);
    },
  });
}

function isSession(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && 'member' in value && 'workspace' in value;
}
