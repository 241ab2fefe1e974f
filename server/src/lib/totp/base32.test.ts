import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeBase32, encodeBase32 } from './base32.ts';

describe('Base32', () => {
  it('decodes the reference seeds', () => {
    expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString('latin1')).toBe('12345678901234567890');
    expect(decodeBase32('JBSWY3DPEHPK3PXP').toString('hex')).toBe('48656c6c6f21deadbeef');
  });

  it('tolerates lower case, spaces, hyphens and padding', () => {
    expect(decodeBase32(' jbsw-y3dp ehpk 3pxp ').toString('hex')).toBe('48656c6c6f21deadbeef');
    expect(decodeBase32('MZXW6===').toString()).toBe('foo');
    expect(decodeBase32('MZXW6').toString()).toBe('foo');
  });

  it.each([
    ['', /empty/],
    ['JBSWY3DPEHPK3PX0', /position 16.*0, 1, 8 and 9/],
    ['JBSW=Y3DP', /position 5/],
    ['JBSWY3DPE', /not a valid length/],
    ['A'.repeat(1025), /longer than/],
  ])('rejects %j', (input, message) => {
    try {
      decodeBase32(input);
      throw new Error('expected rejection');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_totp_secret');
      expect((e as AppError).message).toMatch(message);
    }
  });

  it('round-trips random seeds of every common size without padding', () => {
    for (const size of [1, 2, 3, 4, 5, 10, 16, 20, 32, 64]) {
      const bytes = randomBytes(size);
      const text = encodeBase32(bytes);
      expect(text).toMatch(/^[A-Z2-7]+$/);
      expect(decodeBase32(text).equals(bytes)).toBe(true);
    }
  });
});
