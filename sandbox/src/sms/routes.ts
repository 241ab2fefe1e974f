/**
 * The carrier's routing table: which SMS gateway (a Twilio-style inbound webhook) serves which
 * destination numbers. Written as `SANDBOX_SMS_ROUTES`, entries separated by commas or whitespace:
 *
 *   +1555010*=http://127.0.0.1:8080/api/v1/webhooks/sms/twilio  +447700900123=https://hooks.example.org/sms
 *
 * `+digits*` is a prefix range, `+digits` one number. The most specific entry wins (a number beats
 * a range, a longer range beats a shorter one), as number porting works at a real carrier.
 */
export interface SmsRoute {
  /** Digits with the leading `+`, without the `*`. */
  prefix: string;
  exact: boolean;
  url: string;
}

export class SmsRoutesError extends Error {
  override name = 'SmsRoutesError';
}

const entryPattern = /^(\+[1-9]\d{0,14})(\*?)=(https?:\/\/\S+)$/;

/** @example parseSmsRoutes('+1555010*=http://127.0.0.1:8080/hook') // [{ prefix: '+1555010', exact: false, url: … }] */
export function parseSmsRoutes(text: string | undefined): SmsRoute[] {
  const entries = (text ?? '').split(/[\s,]+/).filter(Boolean);
  return entries.map((entry) => {
    const m = entryPattern.exec(entry);
    if (!m) {
      throw new SmsRoutesError(`SANDBOX_SMS_ROUTES: "${entry}" is not "+<digits>[*]=<http(s) URL>", e.g. +1555010*=http://127.0.0.1:8080/api/v1/webhooks/sms/twilio`);
    }
    const url = m[3] ?? '';
    try {
      new URL(url);
    } catch {
      throw new SmsRoutesError(`SANDBOX_SMS_ROUTES: "${url}" is not a valid URL`);
    }
    return { prefix: m[1] ?? '', exact: m[2] !== '*', url };
  });
}

/** The gateway URL for a destination number, or null when no route covers it (the message is held). */
export function routeFor(routes: readonly SmsRoute[], to: string): string | null {
  let best: SmsRoute | null = null;
  for (const r of routes) {
    const hit = r.exact ? to === r.prefix : to.startsWith(r.prefix);
    if (!hit) continue;
    const better = !best || (r.exact && !best.exact) || (r.exact === best.exact && r.prefix.length > best.prefix.length);
    if (better) best = r;
  }
  return best?.url ?? null;
}
