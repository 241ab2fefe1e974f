export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Everything needed to compute codes. Stored explicitly even when defaults, because old apps ignore the URI's extras. */
export interface TotpParams {
  /** Canonical Base32: upper case, no padding. A secret: encrypt at rest, never log. */
  readonly secret: string;
  /** Decoded seed length in bytes (10 for the common 80-bit seeds, 20 recommended). */
  readonly secretBytes: number;
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 7 | 8;
  /** Time step in seconds. */
  readonly period: number;
  readonly issuer: string | null;
  /** The account part of the label (without the "Issuer:" prefix). */
  readonly label: string | null;
}

export const TOTP_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
