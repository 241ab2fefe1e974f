import type { MessagingSettings } from '../config/config.ts';
import type { Catalog } from '../connectors/catalog.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Random } from '../lib/random.ts';
import type { ActivityService } from '../modules/activity/service.ts';
import { createInboxIngest, type InboxIngest } from '../modules/inbox/ingest.ts';
import { createInboxService, type InboxService } from '../modules/inbox/service.ts';
import type { Keyring } from '../modules/keyring/service.ts';
import { createEmailAddressesService, type EmailAddressesService } from '../modules/mail-inbound/service.ts';
import { localProvider, type PhoneProvider, type PhoneProviderName } from '../modules/phones/providers.ts';
import { createPhoneNumbersService, type PhoneNumbersService } from '../modules/phones/service.ts';
import { createSmsWebhook, type SmsWebhook } from '../modules/phones/sms-webhook.ts';
import { twilioProvider } from '../modules/phones/twilio-api.ts';
import type { AccountsService } from '../modules/vault/service.ts';

/** What an install without any messaging settings gets: the fictional local range, and no webhook token (every SMS webhook is refused). */
export function defaultMessagingSettings(): MessagingSettings {
  return {
    phoneProvider: 'local',
    localRange: { from: '+15550100000', to: '+15550109999' },
    quarantineDays: 90,
    webhookAuthToken: undefined,
    twilioAccountSid: undefined,
    twilioApiUrl: 'https://api.twilio.com',
    twilioNumberCountry: 'US',
    inboundDomain: 'in.latchkey.local',
    inboundSmtp: null,
    retentionDays: 30,
  };
}

export interface MessagingServices {
  phones: PhoneNumbersService;
  smsWebhook: SmsWebhook;
  emailAddresses: EmailAddressesService;
  inboxIngest: InboxIngest;
  inbox: InboxService;
}

export const smsWebhookPath = '/api/v1/webhooks/sms/twilio';

/** Managed numbers and addresses, inbound SMS and mail, and the Shared Inbox (spec §3.13–§3.15). */
export function createMessagingServices(deps: { settings: MessagingSettings; publicUrl: string; database: Database; keyring: Keyring; catalog: Catalog; accounts: Pick<AccountsService, 'roleOf'>; activity: Pick<ActivityService, 'record'>; clock: Clock; random: Random }): MessagingServices {
  const { settings: s, database, activity, clock } = deps;
  const providers: Partial<Record<PhoneProviderName, PhoneProvider>> = { local: localProvider(s.localRange) };
  if (s.twilioAccountSid && s.webhookAuthToken) {
    providers.twilio = twilioProvider({ accountSid: s.twilioAccountSid, authToken: s.webhookAuthToken, apiUrl: s.twilioApiUrl, country: s.twilioNumberCountry, smsUrl: `${deps.publicUrl}${smsWebhookPath}` });
  } else if (s.phoneProvider === 'twilio') {
    throw new Error('LATCHKEY_SMS_PROVIDER=twilio needs LATCHKEY_TWILIO_ACCOUNT_SID and LATCHKEY_TWILIO_AUTH_TOKEN');
  }
  const phones = createPhoneNumbersService({ database, providers, provider: s.phoneProvider, quarantineDays: s.quarantineDays, accounts: deps.accounts, catalog: deps.catalog, activity, clock });
  const inboxIngest = createInboxIngest({ database, keyring: deps.keyring, catalog: deps.catalog, activity, clock });
  return {
    phones,
    inboxIngest,
    smsWebhook: createSmsWebhook({ database, phones, ingest: inboxIngest, authToken: s.webhookAuthToken, accountSid: s.twilioAccountSid }),
    emailAddresses: createEmailAddressesService({ database, domain: s.inboundDomain, accounts: deps.accounts, activity, clock, random: deps.random }),
    inbox: createInboxService({ database, keyring: deps.keyring, activity, clock, retentionDays: s.retentionDays }),
  };
}
