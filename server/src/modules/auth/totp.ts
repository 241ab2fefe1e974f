import { randomBytes } from 'node:crypto';
import { encodeBase32, otpauthUri, parseTotpSecret, verifyCode } from '../../lib/totp/index.ts';

/** The member's own sign-in second factor: standard 6-digit, 30 s, SHA-1 authenticator codes. */
export interface LoginTotp {
  generate(label: string): { secret: string; uri: string };
  verify(secretBase32: string, code: string, now: Date): boolean;
}

export function createLoginTotp(issuer = 'Latchkey'): LoginTotp {
  return {
    generate(label) {
      const secret = encodeBase32(randomBytes(20));
      return { secret, uri: otpauthUri({ ...parseTotpSecret(secret), issuer, label }) };
    },
    verify(secretBase32, code, now) {
      const clean = code.replace(/\s/g, '');
      if (!/^\d{6}$/.test(clean)) return false;
      // One step either side tolerates phone clocks that drift by up to 30 s.
      return verifyCode(parseTotpSecret(secretBase32), clean, { now: () => now }, 1);
    },
  };
}
