import { queryOptions, useMutation, useQueryClient, useSuspenseQuery, type UseMutationResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { LoginInput, Session, SetupInput, SetupState } from './types.ts';

export const setupQuery = queryOptions({
  queryKey: queryKeys.setup,
  queryFn: ({ signal }) => apiRequest<SetupState>('GET', '/setup', { signal }),
  staleTime: Infinity,
  retry: false,
});

export const sessionQuery = queryOptions({
  queryKey: queryKeys.session,
  queryFn: ({ signal }) => apiRequest<Session>('GET', '/auth/session', { signal }),
  staleTime: 60_000,
  retry: false,
});

/** The signed-in member and workspace. Only valid inside the signed-in app shell. */
export function useSession(): Session {
  return useSuspenseQuery(sessionQuery).data;
}

export function useSetupWorkspace(): UseMutationResult<Session, Error, SetupInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => apiRequest<Session>('POST', '/setup', { body: input }),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.setup, { needsSetup: false });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

export function useLogin(): UseMutationResult<Session, Error, LoginInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => apiRequest<Session>('POST', '/auth/login', { body: input }),
    onSuccess: (session) => {
      queryClient.removeQueries();
      queryClient.setQueryData(queryKeys.setup, { needsSetup: false });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Ends the session on the server; the caller navigates away, then clears the cache. */
export function useLogout(): UseMutationResult<void, Error, void> {
  return useMutation({
    mutationFn: () => apiRequest<void>('POST', '/auth/logout'),
  });
}
