import { PhoneProviderError, type PhoneProvider } from './providers.ts';

export interface TwilioApiSettings {
  accountSid: string;
  authToken: string;
  /** `https://api.twilio.com` in production; tests point it at a local fake that speaks the same protocol. */
  apiUrl: string;
  /** ISO country of the numbers to buy. */
  country: string;
  /** Where Twilio should post inbound SMS for bought numbers (the public webhook URL). */
  smsUrl: string;
  timeoutMs?: number;
}

interface TwilioError {
  code?: number;
  message?: string;
}

/**
 * Buys and releases numbers through Twilio's REST API (2010-04-01): find one with
 * `GET AvailablePhoneNumbers/{country}/Local.json?SmsEnabled=true`, buy it with
 * `POST IncomingPhoneNumbers.json` (PhoneNumber, SmsUrl, SmsMethod), give it back with
 * `DELETE IncomingPhoneNumbers/{PN sid}.json`. Basic auth with the account SID and auth token.
 */
export function twilioProvider(s: TwilioApiSettings): PhoneProvider {
  const base = `${s.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}`;
  const auth = `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`;

  async function call(method: string, path: string, form?: Record<string, string>): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: auth, accept: 'application/json', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        signal: AbortSignal.timeout(s.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new PhoneProviderError(`Twilio could not be reached (${(e as Error).message}). Try again later.`);
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, body };
  }

  function failure(what: string, r: { status: number; body: unknown }): PhoneProviderError {
    const e = (r.body ?? {}) as TwilioError;
    const why = r.status === 401 ? 'the account SID or auth token is wrong' : (e.message ?? `HTTP ${r.status}`);
    return new PhoneProviderError(`Twilio refused to ${what}: ${why}${e.code ? ` (Twilio error ${e.code})` : ''}.`);
  }

  return {
    name: 'twilio',
    voip: true,
    remote: true,
    async purchase() {
      const found = await call('GET', `/AvailablePhoneNumbers/${encodeURIComponent(s.country)}/Local.json?SmsEnabled=true&PageSize=1`);
      if (found.status !== 200) throw failure('list available numbers', found);
      const candidate = (found.body as { available_phone_numbers?: { phone_number?: string }[] }).available_phone_numbers?.[0]?.phone_number;
      if (!candidate) throw new PhoneProviderError(`Twilio has no SMS-capable local numbers available in ${s.country} right now.`);
      const bought = await call('POST', '/IncomingPhoneNumbers.json', { PhoneNumber: candidate, SmsUrl: s.smsUrl, SmsMethod: 'POST' });
      if (bought.status !== 201 && bought.status !== 200) throw failure(`buy ${candidate}`, bought);
      const n = bought.body as { sid?: string; phone_number?: string };
      if (!n.sid || !n.phone_number) throw new PhoneProviderError('Twilio answered the purchase without a number sid.');
      return { e164: n.phone_number, providerRef: n.sid };
    },
    async release(providerRef) {
      if (!providerRef) return;
      const r = await call('DELETE', `/IncomingPhoneNumbers/${encodeURIComponent(providerRef)}.json`);
      // 404: already released (e.g. a retry after a lost answer), which is the outcome we want.
      if (r.status !== 204 && r.status !== 200 && r.status !== 404) throw failure(`release ${providerRef}`, r);
    },
  };
}
