import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { TotpSetup } from './types.ts';

/** Starts enrolment: the server keeps a pending seed until a code confirms it. */
export function useStartTotpSetup(): UseMutationResult<TotpSetup, Error, void> {
  return useMutation({
    mutationFn: () => apiRequest<TotpSetup>('POST', '/auth/totp/setup'),
  });
}

export function useEnableTotp(): UseMutationResult<unknown, Error, { code: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string }) => apiRequest<unknown>('POST', '/auth/totp/enable', { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
  });
}

export function useDisableTotp(): UseMutationResult<unknown, Error, { password: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { password: string }) => apiRequest<unknown>('POST', '/auth/totp/disable', { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
  });
}
