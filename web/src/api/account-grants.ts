import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { accountPath } from './accounts.ts';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { AccountGrant, AccountRole, ShareInput } from './types.ts';

export function useAccountGrants(accountId: string): UseQueryResult<AccountGrant[], Error> {
  return useQuery({
    queryKey: queryKeys.accounts.grants(accountId),
    queryFn: async ({ signal }) => (await apiRequest<{ data: AccountGrant[] }>('GET', `${accountPath(accountId)}/grants`, { signal })).data,
  });
}

function useInvalidateGrants(accountId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.grants(accountId) });
    // Your own role may have changed (e.g. you made yourself Collaborator).
    await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.detail(accountId) });
    await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all, predicate: (q) => q.queryKey[1] === 'list' });
  };
}

export function useShareAccount(accountId: string): UseMutationResult<AccountGrant, Error, ShareInput> {
  const invalidate = useInvalidateGrants(accountId);
  return useMutation({
    mutationFn: (input: ShareInput) => apiRequest<AccountGrant>('POST', `${accountPath(accountId)}/grants`, { body: input }),
    onSuccess: invalidate,
  });
}

export function useChangeGrantRole(accountId: string): UseMutationResult<AccountGrant, Error, { grantId: string; role: AccountRole }> {
  const invalidate = useInvalidateGrants(accountId);
  return useMutation({
    mutationFn: ({ grantId, role }: { grantId: string; role: AccountRole }) =>
      apiRequest<AccountGrant>('PATCH', `${accountPath(accountId)}/grants/${encodeURIComponent(grantId)}`, { body: { role } }),
    onSuccess: invalidate,
  });
}

export function useRevokeGrant(accountId: string): UseMutationResult<void, Error, { grantId: string }> {
  const invalidate = useInvalidateGrants(accountId);
  return useMutation({
    mutationFn: ({ grantId }: { grantId: string }) =>
      apiRequest<void>('DELETE', `${accountPath(accountId)}/grants/${encodeURIComponent(grantId)}`),
    onSuccess: invalidate,
  });
}
