/** What the authenticator key field accepts: a Base32 secret (spaces allowed) or an otpauth://totp/ URI. */

export interface OtpauthSummary {
  issuer: string | null;
  label: string | null;
}

export function looksLikeOtpauth(value: string): boolean {
  return /^otpauth:\/\//i.test(value.trim());
}

/** Client-side pre-check only; the server parses the key for real (`invalid_totp_secret`). */
export function validateTotpInput(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  if (looksLikeOtpauth(text)) {
    if (!/^otpauth:\/\/totp\//i.test(text)) return 'Only time-based (TOTP) setup links are supported: they start with otpauth://totp/.';
    return /[?&]secret=/i.test(text) ? null : 'This setup link has no secret in it. Copy the whole link, or paste the setup key instead.';
  }
  const compact = text.replace(/[\s-]/g, '').replace(/=+$/, '');
  if (!/^[A-Za-z2-7]+$/.test(compact)) {
    return 'A setup key uses only the letters A–Z and digits 2–7. Check for typos, or paste the otpauth:// link instead.';
  }
  if (compact.length < 16) return 'This setup key is too short: keys have at least 16 characters.';
  return null;
}

/** Issuer and account name from a setup link, to confirm what a scanned QR code was for. */
export function summarizeOtpauth(uri: string): OtpauthSummary {
  try {
    const url = new URL(uri.trim());
    const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    const [prefix, rest] = path.includes(':') ? [path.slice(0, path.indexOf(':')), path.slice(path.indexOf(':') + 1)] : [null, path];
    return { issuer: url.searchParams.get('issuer') ?? prefix, label: rest?.trim() || null };
  } catch {
    return { issuer: null, label: null };
  }
}
