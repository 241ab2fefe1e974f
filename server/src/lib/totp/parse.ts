import { AppError } from '../errors.ts';
import { decodeBase32, encodeBase32 } from './base32.ts';
import { TOTP_DEFAULTS, type TotpAlgorithm, type TotpParams } from './types.ts';

/** Settings for a bare secret from an "advanced" form; an otpauth:// URI carries its own and ignores these. */
export interface TotpOverrides {
  algorithm?: string;
  digits?: number | string;
  period?: number | string;
  issuer?: string | null;
  label?: string | null;
}

/** Periods beyond a day are not time-based codes any more; anything up to that is accepted (spec §10.3: any period). */
const MAX_PERIOD = 86_400;

function invalid(message: string): AppError {
  return new AppError('invalid_totp_secret', message);
}

/**
 * Accept what a user pastes into the "authenticator key" field: a Base32 secret or an `otpauth://totp/…` URI
 * (the text of the QR code). 80-bit seeds are accepted: third-party seeds are never rejected for length.
 *
 * @example parseTotpInput('JBSW Y3DP EHPK 3PXP') // { secret: 'JBSWY3DPEHPK3PXP', secretBytes: 10, algorithm: 'SHA1', digits: 6, period: 30, ... }
 */
export function parseTotpInput(input: string, overrides: TotpOverrides = {}): TotpParams {
  const text = input.trim();
  if (/^otpauth:/i.test(text)) return parseOtpauthUri(text);
  return parseTotpSecret(text, overrides);
}

/**
 * A bare Base32 secret, with optional algorithm/digits/period from an "advanced" form.
 *
 * @example parseTotpSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { digits: 8 })
 */
export function parseTotpSecret(secret: string, overrides: TotpOverrides = {}): TotpParams {
  const bytes = decodeBase32(secret);
  return {
    secret: encodeBase32(bytes),
    secretBytes: bytes.length,
    algorithm: parseAlgorithm(overrides.algorithm),
    digits: parseDigits(overrides.digits),
    period: parsePeriod(overrides.period),
    issuer: emptyToNull(overrides.issuer),
    label: emptyToNull(overrides.label),
  };
}

const URI = /^otpauth:\/\/([^/?#]*)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

/**
 * Parse the Key Uri Format (github.com/google/google-authenticator/wiki/Key-Uri-Format). `issuer` wins over the
 * label prefix; unknown parameters (e.g. `image`) are ignored; repeated parameters are refused as ambiguous.
 *
 * @example parseOtpauthUri('otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co')
 */
export function parseOtpauthUri(uri: string): TotpParams {
  const m = URI.exec(uri.trim());
  if (m === null) throw invalid('This is not an otpauth:// URI of the form otpauth://totp/Label?secret=…');
  const type = (m[1] ?? '').toLowerCase();
  if (type === 'hotp') throw invalid('Counter-based (HOTP) secrets are not supported; Latchkey stores time-based (TOTP) secrets');
  if (type !== 'totp') throw invalid(`Unknown OTP type "${m[1] ?? ''}" in the URI; expected totp`);

  const label = decode(m[2] ?? '', 'label');
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();

  const params = new Map<string, string>();
  for (const pair of (m[3] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq >= 0 ? pair.slice(0, eq) : pair, 'parameter name').toLowerCase();
    if (params.has(key)) throw invalid(`The URI repeats the "${key}" parameter`);
    params.set(key, decode(eq >= 0 ? pair.slice(eq + 1) : '', `"${key}" parameter`));
  }
  const secret = params.get('secret');
  if (secret === undefined || secret.trim() === '') throw invalid('The URI has no secret parameter');

  return parseTotpSecret(secret, {
    algorithm: params.get('algorithm'),
    digits: params.get('digits'),
    period: params.get('period'),
    issuer: emptyToNull(params.get('issuer')) ?? emptyToNull(labelIssuer),
    label: account,
  });
}

function decode(text: string, what: string): string {
  try {
    // decodeURIComponent, not URLSearchParams: a "+" in an issuer stays a "+", as in other authenticators.
    return decodeURIComponent(text);
  } catch {
    throw invalid(`The URI's ${what} is not valid percent-encoding`);
  }
}

function parseAlgorithm(value: string | undefined): TotpAlgorithm {
  if (value === undefined || value === '') return TOTP_DEFAULTS.algorithm;
  const v = value.toUpperCase().replace('-', '');
  if (v === 'SHA1' || v === 'SHA256' || v === 'SHA512') return v;
  throw invalid(`Unsupported TOTP algorithm "${value}"; expected SHA1, SHA256 or SHA512`);
}

function parseDigits(value: number | string | undefined): 6 | 7 | 8 {
  if (value === undefined || value === '') return TOTP_DEFAULTS.digits;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (n === 6 || n === 7 || n === 8) return n;
  throw invalid(`Unsupported number of TOTP digits "${String(value)}"; expected 6, 7 or 8`);
}

function parsePeriod(value: number | string | undefined): number {
  if (value === undefined || value === '') return TOTP_DEFAULTS.period;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_PERIOD) return n;
  throw invalid(`Unsupported TOTP period "${String(value)}"; expected whole seconds from 1 to ${MAX_PERIOD}`);
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}
