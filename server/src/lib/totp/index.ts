export type { TotpAlgorithm, TotpParams } from './types.ts';
export { TOTP_DEFAULTS } from './types.ts';
export { decodeBase32, encodeBase32 } from './base32.ts';
export { parseOtpauthUri, parseTotpInput, parseTotpSecret, type TotpOverrides } from './parse.ts';
export { codeForStep, currentCode, matchCodeStep, verifyCode, type CurrentCode } from './code.ts';
export { otpauthUri } from './uri.ts';
