import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { encodeBase32 } from './base32.ts';
import { codeForStep, currentCode, matchCodeStep, verifyCode } from './code.ts';
import { parseTotpSecret } from './parse.ts';
import type { TotpAlgorithm, TotpParams } from './types.ts';

const SEEDS: Record<TotpAlgorithm, string> = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890'.repeat(6) + '1234',
};
const params = (algorithm: TotpAlgorithm, digits: 6 | 8 = 8, seed = SEEDS[algorithm]): TotpParams =>
  parseTotpSecret(encodeBase32(Buffer.from(seed, 'latin1')), { algorithm, digits });
const at = (unixSeconds: number): ReturnType<typeof fixedClock> => fixedClock(new Date(unixSeconds * 1000));

describe('RFC 6238 Appendix B (8 digits, 30 s)', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('T = %i', (t, sha1, sha256, sha512) => {
    expect(currentCode(params('SHA1'), at(t)).code).toBe(sha1);
    expect(currentCode(params('SHA256'), at(t)).code).toBe(sha256);
    expect(currentCode(params('SHA512'), at(t)).code).toBe(sha512);
    expect(verifyCode(params('SHA256'), sha256, at(t), 0)).toBe(true);
  });

  it('the base32 seeds match the reference', () => {
    expect(params('SHA1').secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(params('SHA256').secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA');
  });

  it('needs the 32-byte seed for SHA-256 (the errata trap): the 20-byte seed gives 32247374 at T=59', () => {
    expect(currentCode(params('SHA256', 8, SEEDS.SHA1), at(59)).code).toBe('32247374');
  });

  it('6-digit codes are the last six digits', () => {
    expect(currentCode(params('SHA1', 6), at(59)).code).toBe('287082');
  });
});

describe('RFC 4226 Appendix D (HOTP, SHA-1, 6 digits)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(codeForStep(params('SHA1', 6), counter)).toBe(code);
  });
});

describe('80-bit seeds (JBSWY3DPEHPK3PXP)', () => {
  const p = parseTotpSecret('JBSWY3DPEHPK3PXP');
  it.each([
    [59, '996554'],
    [1111111109, '071271'],
    [1234567890, '742275'],
  ])('T = %i → %s', (t, code) => {
    expect(currentCode(p, at(t)).code).toBe(code);
  });
});

describe('currentCode', () => {
  it('reports the seconds left in the step', () => {
    const p = params('SHA1', 6);
    expect(currentCode(p, at(59))).toMatchObject({ secondsLeft: 1, period: 30 });
    expect(currentCode(p, at(60)).secondsLeft).toBe(30);
    expect(currentCode(p, fixedClock(new Date(75_500))).secondsLeft).toBe(15);
    const slow = parseTotpSecret('JBSWY3DPEHPK3PXP', { period: 60 });
    expect(currentCode(slow, at(61))).toMatchObject({ secondsLeft: 59, period: 60 });
  });
});

describe('verifyCode', () => {
  const p = params('SHA1', 6);
  const codeAt = (t: number): string => currentCode(p, at(t)).code;

  it('accepts the current code and one step either side by default', () => {
    const clock = at(1_000_000_000);
    expect(verifyCode(p, codeAt(1_000_000_000), clock)).toBe(true);
    expect(verifyCode(p, codeAt(1_000_000_000 - 30), clock)).toBe(true);
    expect(verifyCode(p, codeAt(1_000_000_000 + 30), clock)).toBe(true);
    expect(verifyCode(p, codeAt(1_000_000_000 - 60), clock)).toBe(false);
    expect(verifyCode(p, codeAt(1_000_000_000 - 30), clock, 0)).toBe(false);
  });

  it('tolerates spaces, refuses malformed codes without throwing', () => {
    const clock = at(59);
    expect(verifyCode(p, '287 082', clock)).toBe(true);
    expect(verifyCode(p, '28708', clock)).toBe(false);
    expect(verifyCode(p, '2870822', clock)).toBe(false);
    expect(verifyCode(p, 'abcdef', clock)).toBe(false);
    expect(verifyCode(p, '', clock)).toBe(false);
  });

  it('returns the matched step so callers can block replays', () => {
    expect(matchCodeStep(p, '287082', at(59))).toBe(1);
    expect(matchCodeStep(p, '287082', at(61))).toBe(1);
    expect(matchCodeStep(p, '359152', at(61))).toBe(2);
    expect(matchCodeStep(p, '000000', at(61))).toBeNull();
  });

  it('refuses silly windows', () => {
    expect(() => verifyCode(p, '287082', at(59), 100)).toThrow(RangeError);
  });
});
