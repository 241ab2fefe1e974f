import { createHmac, timingSafeEqual } from 'node:crypto';

export type TwilioParams = Record<string, string | string[]>;

/**
 * `X-Twilio-Signature` exactly as Twilio computes it (third-party-apis.md §5.3): the full URL as
 * requested, then every POST parameter sorted by name in code-unit order, each as name+value with
 * no separators (a repeated name contributes each distinct value, sorted), HMAC-SHA1 keyed with the
 * Auth Token, Base64.
 *
 * @example twilioSignature('0123…', 'https://hooks.example.org/sms/inbound?tenant=acme', { Body: 'hi' })
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? '';
    for (const v of Array.isArray(value) ? [...new Set(value)].sort() : [value]) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The URL with its scheme's default port written out, or taken out when it was written; null for another port. */
function alternatePortForm(url: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)(.*)$/s.exec(url);
  if (!m) return null;
  const [, scheme, authority = '', rest = ''] = m;
  const port = scheme === 'https' ? '443' : '80';
  if (authority.endsWith(`:${port}`)) return `${scheme}://${authority.slice(0, -port.length - 1)}${rest}`;
  return /:\d+$/.test(authority) ? null : `${scheme}://${authority}:${port}${rest}`;
}

/**
 * Checks a received signature in constant time, for the URL as given and for its default-port
 * form, because Twilio signs either (§5.3 step 5). Fails closed on a missing header or token.
 */
export function verifyTwilioSignature(authToken: string, url: string, params: TwilioParams, header: string | undefined): boolean {
  if (!authToken || !header) return false;
  const given = Buffer.from(header);
  const candidates = [url, alternatePortForm(url)].filter((u): u is string => u !== null);
  return candidates.some((u) => {
    const expected = Buffer.from(twilioSignature(authToken, u, params));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
