import { Secret, TOTP } from 'otpauth';

/** The member's own sign-in second factor (standard 6-digit, 30 s, SHA-1 authenticator codes). */
export interface LoginTotp {
  generate(label: string): { secret: string; uri: string };
  verify(secretBase32: string, code: string, now: Date): boolean;
}

export function createLoginTotp(issuer = 'Latchkey'): LoginTotp {
  const make = (secret: Secret, label: string): TOTP => new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret });
  return {
    generate(label) {
      const secret = new Secret({ size: 20 });
      return { secret: secret.base32, uri: make(secret, label).toString() };
    },
    verify(secretBase32, code, now) {
      if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) return false;
      // One step either side tolerates phone clocks that drift by up to 30 s.
      return make(Secret.fromBase32(secretBase32), 'x').validate({ token: code.replace(/\s/g, ''), timestamp: now.getTime(), window: 1 }) !== null;
    },
  };
}
