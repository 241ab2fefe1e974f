import type { TotpParams } from './types.ts';

/**
 * The `otpauth://totp/…` URI an authenticator app imports (Key Uri Format).
 *
 * @example otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Latchkey', label: 'ana@acme.test', algorithm: 'SHA1', digits: 6, period: 30, secretBytes: 10 })
 */
export function otpauthUri(p: TotpParams): string {
  const label = encodeURIComponent(p.issuer ? `${p.issuer}:${p.label ?? ''}` : (p.label ?? 'account'));
  const q = new URLSearchParams({ secret: p.secret, algorithm: p.algorithm, digits: String(p.digits), period: String(p.period) });
  if (p.issuer) q.set('issuer', p.issuer);
  return `otpauth://totp/${label}?${q.toString()}`;
}
