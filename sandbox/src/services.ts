import type { Logger } from 'pino';
import type { Database } from '../../server/src/db/client.ts';
import type { Clock } from '../../server/src/lib/clock.ts';
import type { Random } from '../../server/src/lib/random.ts';
import type { MailTransport } from '../../server/src/modules/mail/transport.ts';
import { createChallenges } from './accounts/challenges.ts';
import { createLoginService, type LoginService } from './accounts/login.ts';
import { createSessions, type Sessions } from './accounts/sessions.ts';
import { createSettingsService, type SettingsService } from './accounts/settings.ts';
import { createSignupService, type SignupService } from './accounts/signup.ts';
import { createAssetsService, type AssetsService } from './businesses/assets-service.ts';
import { createBusinessesService, type BusinessesService } from './businesses/service.ts';
import type { SandboxConfig } from './config.ts';
import { createInvitesService, type InvitesService } from './invites/service.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createMembersService, type MembersService } from './members/service.ts';
import { createCarrier, type Carrier, type CarrierDeps } from './sms/carrier.ts';

export interface SandboxServices {
  database: Database;
  clock: Clock;
  businesses: BusinessesService;
  members: MembersService;
  invites: InvitesService;
  assets: AssetsService;
  signup: SignupService;
  login: LoginService;
  settings: SettingsService;
  sessions: Sessions;
  mailer: Mailer;
  carrier: Carrier;
}

export interface ServiceDeps {
  config: Pick<SandboxConfig, 'publicUrl' | 'mailFrom' | 'sms' | 'inviteTtlHours'>;
  database: Database;
  clock: Clock;
  random: Random;
  mailTransport: MailTransport | null;
  log: Logger;
  smsRetry?: CarrierDeps['retry'];
}

/** Composition root: each service gets exactly the collaborators it uses. */
export function createSandboxServices(d: ServiceDeps): SandboxServices {
  const { database, clock, random, config } = d;
  const mailer = createMailer({ database, transport: d.mailTransport, from: config.mailFrom, clock });
  const carrier = createCarrier({ database, ...config.sms, clock, log: d.log, ...(d.smsRetry ? { retry: d.smsRetry } : {}) });
  const challenges = createChallenges({ carrier, clock });
  const sessions = createSessions({ clock, random });
  const invites = createInvitesService({ database, clock, random, mailer, publicUrl: config.publicUrl });
  return {
    database,
    clock,
    businesses: createBusinessesService({ database, clock, random, defaultInviteTtlHours: config.inviteTtlHours }),
    members: createMembersService({ database, clock }),
    invites,
    assets: createAssetsService({ database }),
    signup: createSignupService({ database, clock, invites, challenges, sessions }),
    login: createLoginService({ database, clock, challenges, sessions }),
    settings: createSettingsService({ database, clock, random, challenges }),
    sessions,
    mailer,
    carrier,
  };
}
