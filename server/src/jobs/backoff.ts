/**
 * Delay before retry `attempt` (1-based): base·2^(attempt-1), capped, ±20 % jitter so a burst of
 * failures does not retry in lock-step. A server's Retry-After wins when it is longer.
 */
export function retryDelayMs(attempt: number, opts: { baseMs?: number; capMs?: number; retryAfterMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 1000;
  const cap = opts.capMs ?? 15 * 60_000;
  const exp = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jitter = 1 + ((opts.random ?? Math.random)() * 0.4 - 0.2);
  return Math.max(Math.round(exp * jitter), opts.retryAfterMs ?? 0);
}
