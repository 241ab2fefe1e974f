import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { GeneratedPasswords, GeneratePasswordsInput } from './types.ts';

/** A mutation, not a query: every click should give a new password, and none should be cached. */
export function useGeneratePasswords(): UseMutationResult<GeneratedPasswords, Error, GeneratePasswordsInput> {
  return useMutation({
    mutationFn: (input: GeneratePasswordsInput) => apiRequest<GeneratedPasswords>('POST', '/passwords/generate', { body: input }),
    gcTime: 0,
  });
}
