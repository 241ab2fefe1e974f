import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { jobKeys } from './hub-query-keys.ts';

export type ClaimAction = 'claim' | 'skip';

/**
 * "Send email invite" (`POST /me/cards/{id}/claim`, T4) and, for Owners, "Skip for now"
 * (`…/skip`, T5). Both answer 204; the dashboard cards (`['cards']`) then show the new status.
 */
export function useClaimInvite(hubMemberId: string): UseMutationResult<void, Error, ClaimAction> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ClaimAction) => apiRequest<void>('POST', `/me/cards/${encodeURIComponent(hubMemberId)}/${action}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['cards'] });
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    },
  });
}
