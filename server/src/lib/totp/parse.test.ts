import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseOtpauthUri, parseTotpInput, parseTotpSecret } from './parse.ts';

function rejected(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_totp_secret');
    expect((e as AppError).status).toBe(400);
    return e as AppError;
  }
  throw new Error('expected invalid_totp_secret');
}

describe('parseTotpInput', () => {
  it('takes a bare Base32 secret with the RFC defaults, accepting 80-bit seeds', () => {
    expect(parseTotpInput('jbsw y3dp ehpk 3pxp')).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      secretBytes: 10,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: null,
      label: null,
    });
  });

  it('applies overrides from an advanced form', () => {
    expect(parseTotpSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { algorithm: 'sha-256', digits: 8, period: '60' })).toMatchObject({
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    });
  });

  it('reads the Key Uri Format example', () => {
    const uri =
      'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30';
    expect(parseTotpInput(`  ${uri}\n`)).toEqual({
      secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
      secretBytes: 20,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'ACME Co',
      label: 'john.doe@email.com',
    });
  });

  it('takes the issuer from the label prefix when the parameter is missing, with %3A and a space', () => {
    expect(parseOtpauthUri('otpauth://totp/Example%3A%20alice@google.com?secret=JBSWY3DPEHPK3PXP')).toMatchObject({
      issuer: 'Example',
      label: 'alice@google.com',
    });
  });

  it('prefers the issuer parameter and allows a label without issuer', () => {
    expect(parseOtpauthUri('otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Big+Corp')).toMatchObject({
      issuer: 'Big+Corp',
      label: 'alice',
    });
  });

  it('reads SHA256/SHA512, 8 digits and a 60 s period, case-insensitively, ignoring unknown parameters', () => {
    expect(
      parseOtpauthUri('OTPAUTH://TOTP/x?SECRET=jbswy3dpehpk3pxp&Algorithm=sha512&digits=8&period=60&image=https%3A%2F%2Fx'),
    ).toMatchObject({ algorithm: 'SHA512', digits: 8, period: 60, secret: 'JBSWY3DPEHPK3PXP' });
    expect(parseOtpauthUri('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256')).toMatchObject({ algorithm: 'SHA256' });
  });

  it.each([
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=0', /HOTP/],
    ['otpauth://foo/x?secret=JBSWY3DPEHPK3PXP', /Unknown OTP type/],
    ['otpauth://totp/x?issuer=A', /no secret/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PX1', /outside Base32/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5', /algorithm "MD5"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5', /digits "5"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9', /digits "9"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0', /period "0"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=thirty', /period "thirty"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=GEZDGNBV', /repeats the "secret"/],
    ['otpauth://totp/%E0%A4%A?secret=JBSWY3DPEHPK3PXP', /percent-encoding/],
    ['otpauth:totp?secret=JBSWY3DPEHPK3PXP', /not an otpauth/],
  ])('rejects %s', (uri, message) => {
    expect(rejected(() => parseTotpInput(uri)).message).toMatch(message);
  });

  it('never echoes the secret in an error', () => {
    const err = rejected(() => parseTotpInput('otpauth://totp/x?secret=JBSWY3DPEHPK3PX1'));
    expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain('JBSWY3DP');
  });
});
