import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Workspace } from './types.ts';

export function useRenameWorkspace(): UseMutationResult<Workspace, Error, { name: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => apiRequest<Workspace>('PATCH', '/workspace', { body: input }),
    onSuccess: async (workspace) => {
      queryClient.setQueryData(queryKeys.workspace, workspace);
      await queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

export function useWorkspace(): UseQueryResult<Workspace, Error> {
  return useQuery({
    queryKey: queryKeys.workspace,
    queryFn: ({ signal }) => apiRequest<Workspace>('GET', '/workspace', { signal }),
  });
}
