import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Vault } from './types.ts';

export function useVaults(enabled = true): UseQueryResult<Vault[], Error> {
  return useQuery({
    queryKey: queryKeys.vaults.list,
    queryFn: async ({ signal }) => (await apiRequest<{ data: Vault[] }>('GET', '/vaults', { signal })).data,
    enabled,
    staleTime: 60_000,
  });
}
