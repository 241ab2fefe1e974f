import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Account, AccountDetail, AccountFilters, AccountInput, TotpCode, TotpExport } from './types.ts';

export const accountPath = (accountId: string): string => `/accounts/${encodeURIComponent(accountId)}`;

export function useAccounts(filters: AccountFilters): UseQueryResult<Account[], Error> {
  return useQuery({
    queryKey: queryKeys.accounts.list(filters),
    queryFn: async ({ signal }) =>
      (
        await apiRequest<{ data: Account[] }>('GET', '/accounts', {
          query: { q: filters.q, status: filters.status, deleted: filters.deleted ? 'true' : undefined },
          signal,
        })
      ).data,
    placeholderData: (previous) => previous,
  });
}

/** Never contains the password, seed or backup codes: those are fetched on demand and not cached. */
export function useAccount(accountId: string): UseQueryResult<AccountDetail, Error> {
  return useQuery({
    queryKey: queryKeys.accounts.detail(accountId),
    queryFn: ({ signal }) => apiRequest<AccountDetail>('GET', accountPath(accountId), { signal }),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status < 500),
  });
}

/** A write answered with the fresh detail: show it at once, refresh every list around it. */
async function storeDetail(queryClient: QueryClient, detail: AccountDetail): Promise<void> {
  queryClient.setQueryData(queryKeys.accounts.detail(detail.id), detail);
  await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all, refetchType: 'active', predicate: (q) => q.queryKey[1] === 'list' });
}

export function useCreateAccount(): UseMutationResult<AccountDetail, Error, AccountInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => apiRequest<AccountDetail>('POST', '/accounts', { body: input }),
    onSuccess: (detail) => storeDetail(queryClient, detail),
  });
}

export function useUpdateAccount(accountId: string): UseMutationResult<AccountDetail, Error, AccountInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => apiRequest<AccountDetail>('PATCH', accountPath(accountId), { body: input }),
    onSuccess: (detail) => storeDetail(queryClient, detail),
  });
}

export type AccountAction = 'disable' | 'enable' | 'restore' | 'trash';

export function useAccountAction(accountId: string): UseMutationResult<AccountDetail | undefined, Error, AccountAction> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: AccountAction) =>
      action === 'trash'
        ? apiRequest<undefined>('DELETE', accountPath(accountId))
        : apiRequest<AccountDetail>('POST', `${accountPath(accountId)}/${action}`),
    onSuccess: async (detail) => {
      if (detail) return storeDetail(queryClient, detail);
      // A trashed account answers 204: refetch its detail so the page shows "In trash".
      await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
    },
  });
}

// Secrets. Plain functions, not queries or mutations: a revealed value must live only in the
// component that shows it, for as long as it is on screen, never in a cache.

export function retrievePassword(accountId: string, purpose: 'show' | 'copy'): Promise<string> {
  return apiRequest<{ password: string }>('POST', `${accountPath(accountId)}/password/retrieve`, { body: { purpose } }).then(
    (result) => result.password,
  );
}

export function retrieveBackupCodes(accountId: string): Promise<string[]> {
  return apiRequest<{ codes: string[] }>('POST', `${accountPath(accountId)}/backup-codes/retrieve`).then((result) => result.codes);
}

export function exportTotp(accountId: string): Promise<TotpExport> {
  return apiRequest<TotpExport>('POST', `${accountPath(accountId)}/totp/export`);
}

/**
 * The current code. Each read is audited on the server, so this never polls on its own:
 * the code panel counts down locally and calls `refetch` once the period has run out.
 * `gcTime: 0` drops the code as soon as the panel closes.
 */
export function useTotpCode(accountId: string, enabled: boolean): UseQueryResult<TotpCode, Error> {
  return useQuery({
    queryKey: queryKeys.totpCode(accountId),
    queryFn: ({ signal }) => apiRequest<TotpCode>('GET', `${accountPath(accountId)}/totp-code`, { signal }),
    enabled,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
    refetchOnMount: 'always',
    refetchOnReconnect: false,
  });
}
