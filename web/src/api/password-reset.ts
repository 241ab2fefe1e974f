import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

export function useRequestPasswordReset(): UseMutationResult<void, Error, { email: string }> {
  return useMutation({
    mutationFn: (input: { email: string }) => apiRequest<void>('POST', '/auth/password-reset', { body: input }),
  });
}

export function useConfirmPasswordReset(): UseMutationResult<void, Error, { token: string; password: string }> {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      apiRequest<void>('POST', '/auth/password-reset/confirm', { body: input }),
  });
}
