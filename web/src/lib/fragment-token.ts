import { useRouterState } from '@tanstack/react-router';

/**
 * Reads `token` from a URL fragment (`#token=…` or `token=…`). Fragments never reach the
 * server in requests or Referer headers, which is why one-time links carry secrets there.
 */
export function parseFragmentToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token')?.trim() ?? '';
}

/** The `#token=` of the current location; follows fragment-only navigations. */
export function useFragmentToken(): string {
  const hash = useRouterState({ select: (state) => state.location.hash });
  return parseFragmentToken(hash || window.location.hash);
}
