import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../clock.ts';
import type { TotpParams } from './types.ts';

export interface CurrentCode {
  code: string;
  /** Whole seconds until the code changes: `period − (t mod period)`, in 1..period. */
  secondsLeft: number;
  period: number;
}

/** Wider windows turn a 10^6 code space into a guessable one; callers wanting more should say why. */
const MAX_WINDOW = 10;

function options(params: TotpParams): { secret: Secret; algorithm: string; digits: number; period: number } {
  return { secret: Secret.fromBase32(params.secret), algorithm: params.algorithm, digits: params.digits, period: params.period };
}

/**
 * The code to show a Collaborator now (spec §10.3: codes, not seeds).
 *
 * @example currentCode(params, systemClock) // { code: '287082', secondsLeft: 1, period: 30 }
 */
export function currentCode(params: TotpParams, clock: Clock): CurrentCode {
  const ms = clock.now().getTime();
  return {
    code: TOTP.generate({ ...options(params), timestamp: ms }),
    secondsLeft: params.period - (Math.floor(ms / 1000) % params.period),
    period: params.period,
  };
}

/**
 * The code for one time step (`floor(unixSeconds / period)`); a TOTP step is exactly an RFC 4226 HOTP counter.
 *
 * @example codeForStep(params, 1) // the code valid from t=30 s to t=59 s
 */
export function codeForStep(params: TotpParams, step: number): string {
  return TOTP.generate({ ...options(params), timestamp: step * params.period * 1000 });
}

/**
 * Which time step `code` belongs to, searching `window` steps either side of now; null when it matches none.
 * Callers doing their own MFA store the returned step and refuse any step ≤ the last accepted one (replay).
 *
 * @example const step = matchCodeStep(params, '123456', clock); if (step !== null && step > lastStep) accept(step)
 */
export function matchCodeStep(params: TotpParams, code: string, clock: Clock, window = 1): number | null {
  if (!Number.isSafeInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`TOTP window must be an integer from 0 to ${MAX_WINDOW}`);
  }
  const token = code.replace(/\s/g, '');
  if (!/^\d+$/.test(token) || token.length !== params.digits) return null;
  const ms = clock.now().getTime();
  const delta = TOTP.validate({ ...options(params), token, timestamp: ms, window });
  return delta === null ? null : TOTP.counter({ period: params.period, timestamp: ms }) + delta;
}

/**
 * Whether `code` is valid now, allowing `window` steps of clock skew either side (default ±1 step).
 *
 * @example verifyCode(params, '287082', clock) // true
 */
export function verifyCode(params: TotpParams, code: string, clock: Clock, window = 1): boolean {
  return matchCodeStep(params, code, clock, window) !== null;
}
