import type { Database } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyTwilioSignature, type TwilioParams } from '../../lib/twilio-signature.ts';
import type { InboxIngest } from '../inbox/ingest.ts';
import type { PhoneNumbersService } from './service.ts';

export type SmsOutcome = 'stored' | 'duplicate' | 'unmanaged_number';

export interface SmsWebhook {
  /**
   * A Twilio-format inbound SMS. `url` is the public URL Twilio called (LATCHKEY_PUBLIC_URL + the raw
   * path and query); a missing or wrong signature, or another Twilio account, is `forbidden` and
   * nothing is stored (invariant 27).
   */
  receive(url: string, params: TwilioParams, signature: string | undefined): Promise<SmsOutcome>;
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function createSmsWebhook(deps: { database: Database; phones: Pick<PhoneNumbersService, 'findLive'>; ingest: InboxIngest; authToken: string | undefined; accountSid: string | undefined }): SmsWebhook {
  return {
    async receive(url, params, signature) {
      // Fail closed: no configured token means no webhook can be trusted.
      if (!deps.authToken || !verifyTwilioSignature(deps.authToken, url, params, signature)) {
        throw new AppError('forbidden', 'The X-Twilio-Signature header is missing or does not match this request.');
      }
      if (deps.accountSid && first(params.AccountSid) !== deps.accountSid) {
        throw new AppError('forbidden', 'This message comes from another Twilio account.');
      }
      const sid = first(params.MessageSid) || first(params.SmsMessageSid) || first(params.SmsSid);
      const to = first(params.To);
      if (!sid || !to) throw new AppError('validation_failed', 'MessageSid and To are required.', { errors: [{ pointer: sid ? '/To' : '/MessageSid', message: 'required' }] });
      const number = await deps.phones.findLive(deps.database.db, to);
      // Bound at receipt: a number that is free or quarantined reaches nobody.
      if (!number || number.status !== 'assigned' || !number.accountId) return 'unmanaged_number';
      const r = await deps.ingest.receive({
        workspaceId: number.workspaceId,
        accountId: number.accountId,
        channel: 'sms',
        contactId: number.id,
        provider: number.provider,
        providerMessageId: sid,
        from: first(params.From),
        to,
        subject: null,
        text: first(params.Body),
        html: null,
        raw: JSON.stringify(params),
      });
      return r.duplicate ? 'duplicate' : 'stored';
    },
  };
}
