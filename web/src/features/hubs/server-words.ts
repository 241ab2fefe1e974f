import { isApiError } from '../../api/api-error.ts';
import type { ProblemMessages } from '../../api/problem-messages.ts';

/**
 * The hubs API words its refusals for people ("That service account is already connected to another
 * hub…", "Only unmatched people can be exempted here."), so for these codes its `detail` beats the
 * generic default. Schema errors ("/label: …") keep the friendly default plus the field list.
 */
export function serverWords(error: unknown, extra: ProblemMessages = {}): ProblemMessages {
  if (!isApiError(error) || !error.detail) return extra;
  const fromServer = ['conflict', 'forbidden', 'not_found'].includes(error.code) || (error.code === 'validation_failed' && !error.detail.startsWith('/'));
  return fromServer ? { ...extra, [error.code]: error.detail } : extra;
}
