import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/api-error.ts';
import { queryKeys } from '../api/query-keys.ts';

/**
 * One QueryClient for the app. When any request answers 401 `unauthenticated`
 * (session expired or revoked elsewhere), `onSessionEnded` sends the person to sign in.
 */
export function createQueryClient(onSessionEnded: () => void): QueryClient {
  const handle = (error: unknown, queryKey?: readonly unknown[]): void => {
    if (!isApiError(error) || error.status !== 401 || error.code !== 'unauthenticated') return;
    // The session query itself is handled by the route guard.
    if (queryKey && queryKey[0] === queryKeys.session[0]) return;
    onSessionEnded();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => handle(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => handle(error) }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      },
    },
  });
}
