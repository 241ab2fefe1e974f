import { AppError } from '../errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Guards against pasting a whole document into the secret field. */
const MAX_CHARS = 1024;

function invalid(message: string, details?: Record<string, unknown>): AppError {
  // The message may reach the client and logs: positions and counts only, never the secret's characters.
  return new AppError('invalid_totp_secret', message, details);
}

/**
 * Decode an RFC 4648 Base32 TOTP secret the way people paste them: case-insensitive, spaces and hyphens
 * ignored, `=` padding optional. Digits 0, 1, 8, 9 are refused rather than "fixed", since guessing O/I/B
 * would silently produce a different seed.
 *
 * @example decodeBase32('jbsw y3dp ehpk 3pxp') // <Buffer 48 65 6c 6c 6f 21 de ad be ef>
 */
export function decodeBase32(input: string): Buffer {
  const text = input.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (text.length === 0) throw invalid('The TOTP secret is empty');
  if (text.length > MAX_CHARS) throw invalid(`The TOTP secret is longer than ${MAX_CHARS} characters`);
  const bad = text.search(/[^A-Z2-7]/);
  if (bad >= 0) {
    throw invalid(
      `The TOTP secret has a character outside Base32 (A–Z, 2–7) at position ${bad + 1} (not counting spaces and hyphens); ` +
        'note that 0, 1, 8 and 9 never occur in Base32',
      { position: bad + 1 },
    );
  }
  // 1, 3 or 6 trailing characters carry more than 4 bits that cannot form a byte: a truncated copy.
  if ([1, 3, 6].includes(text.length % 8)) {
    throw invalid(`The TOTP secret has ${text.length} Base32 characters, which is not a valid length; was it cut off?`);
  }
  const out = Buffer.alloc(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = ALPHABET.indexOf(text[i] ?? '');
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Upper-case Base32 without padding, the form otpauth:// URIs and authenticator apps expect.
 *
 * @example encodeBase32(Buffer.from('12345678901234567890')) // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}
