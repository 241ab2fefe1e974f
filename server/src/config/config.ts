import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** Settings whose values must never be printed, even in validation errors. */
const secretKeys = new Set(['DATABASE_URL', 'LATCHKEY_MASTER_KEY', 'LATCHKEY_SMTP_URL', 'TEST_DATABASE_URL', 'LATCHKEY_TWILIO_AUTH_TOKEN', 'LATCHKEY_PINTEREST_CLIENT_SECRET', 'LATCHKEY_TIKTOK_APP_SECRET', 'LATCHKEY_META_APP_SECRET']);

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z
  .object({
    LATCHKEY_HOST: z.string().min(1).default('127.0.0.1'),
    LATCHKEY_PORT: port.default(8080),
    LATCHKEY_DATA_DIR: z.string().min(1).default('./data'),
    LATCHKEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    LATCHKEY_PG_TCP: z
      .string()
      .regex(/^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/, 'must be a loopback host:port, e.g. 127.0.0.1:5433')
      .optional(),
    LATCHKEY_MASTER_KEY: z.string().optional(),
    LATCHKEY_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
    LATCHKEY_MAIL_FROM: z.string().min(3).default('Latchkey <no-reply@latchkey.local>'),
    LATCHKEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LATCHKEY_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
    LATCHKEY_INVITE_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
    LATCHKEY_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
    LATCHKEY_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    LATCHKEY_TRUST_PROXY: bool.default(false),
    LATCHKEY_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
    LATCHKEY_SANDBOX_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8090'),
    LATCHKEY_PINTEREST_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.pinterest.com/v5'),
    LATCHKEY_PINTEREST_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://www.pinterest.com/oauth/'),
    LATCHKEY_PINTEREST_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
    LATCHKEY_PINTEREST_CLIENT_SECRET: z.string().min(1).max(500).optional(),
    LATCHKEY_TIKTOK_API_URL: z.url({ protocol: /^https?$/ }).default('https://business-api.tiktok.com/open_api/v1.3'),
    LATCHKEY_TIKTOK_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://business-api.tiktok.com/portal/auth'),
    LATCHKEY_TIKTOK_APP_ID: z.string().trim().min(1).max(200).optional(),
    LATCHKEY_TIKTOK_APP_SECRET: z.string().min(1).max(500).optional(),
    LATCHKEY_META_GRAPH_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
    LATCHKEY_META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v25.0').default('v25.0'),
    LATCHKEY_META_OAUTH_URL: z.url({ protocol: /^https?$/ }).default('https://www.facebook.com'),
    /** The instance's Meta app secret, for "Connect your Facebook profile" (Facebook Login); the app id is each hub's App Id. */
    LATCHKEY_META_APP_SECRET: z.string().min(1).max(500).optional(),
    LATCHKEY_META_APP_ID: z.string().regex(/^[0-9]+$/, 'must be the numeric App ID').optional(),
    LATCHKEY_SMS_PROVIDER: z.enum(['local', 'twilio']).optional(),
    LATCHKEY_SMS_LOCAL_RANGE: z
      .string()
      .regex(/^\+[1-9]\d{6,14}-\+[1-9]\d{6,14}$/, 'must be two E.164 numbers joined by "-", e.g. +15550100000-+15550109999')
      .default('+15550100000-+15550109999'),
    LATCHKEY_PHONE_QUARANTINE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    LATCHKEY_TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
    LATCHKEY_TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
    LATCHKEY_TWILIO_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    LATCHKEY_TWILIO_NUMBER_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as US').default('US'),
    LATCHKEY_INBOUND_DOMAIN: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name such as in.example.org').default('in.latchkey.local'),
    LATCHKEY_INBOUND_SMTP_PORT: port.optional(),
    LATCHKEY_INBOUND_SMTP_HOST: z.string().min(1).optional(),
    LATCHKEY_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
    LATCHKEY_INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .superRefine((e, ctx) => {
    // An app id without its secret (or the reverse) cannot authorise anything: say which half is missing.
    const pairs = [['LATCHKEY_PINTEREST_CLIENT_ID', 'LATCHKEY_PINTEREST_CLIENT_SECRET'], ['LATCHKEY_TIKTOK_APP_ID', 'LATCHKEY_TIKTOK_APP_SECRET']] as const;
    for (const [id, secret] of pairs) {
      if (Boolean(e[id]) === Boolean(e[secret])) continue;
      ctx.addIssue({ code: 'custom', path: [e[id] ? secret : id], message: `must be set together with ${e[id] ? id : secret}` });
    }
  })
  .transform((e) => {
    const publicUrl = (e.LATCHKEY_PUBLIC_URL ?? `http://${e.LATCHKEY_HOST}:${e.LATCHKEY_PORT}`).replace(/\/+$/, '');
    return {
      host: e.LATCHKEY_HOST,
      port: e.LATCHKEY_PORT,
      dataDir: resolve(e.LATCHKEY_DATA_DIR),
      publicUrl,
      secureCookies: publicUrl.startsWith('https://'),
      databaseUrl: e.DATABASE_URL,
      pgTcp: e.LATCHKEY_PG_TCP,
      masterKey: e.LATCHKEY_MASTER_KEY,
      smtpUrl: e.LATCHKEY_SMTP_URL,
      mailFrom: e.LATCHKEY_MAIL_FROM,
      logLevel: e.LATCHKEY_LOG_LEVEL,
      sessionTtlHours: e.LATCHKEY_SESSION_TTL_HOURS,
      inviteTtlHours: e.LATCHKEY_INVITE_TTL_HOURS,
      resetTtlMinutes: e.LATCHKEY_RESET_TTL_MINUTES,
      loginMaxFailures: e.LATCHKEY_LOGIN_MAX_FAILURES,
      trustProxy: e.LATCHKEY_TRUST_PROXY,
      jobPollMs: e.LATCHKEY_JOB_POLL_MS,
      sandboxUrl: e.LATCHKEY_SANDBOX_URL,
      pinterestApiUrl: e.LATCHKEY_PINTEREST_API_URL.replace(/\/+$/, ''),
      tiktokApiUrl: e.LATCHKEY_TIKTOK_API_URL.replace(/\/+$/, ''),
      tiktokOauthUrl: e.LATCHKEY_TIKTOK_OAUTH_URL,
      metaGraphUrl: e.LATCHKEY_META_GRAPH_URL.replace(/\/+$/, ''),
      metaGraphVersion: e.LATCHKEY_META_GRAPH_VERSION,
      metaOauthUrl: e.LATCHKEY_META_OAUTH_URL.replace(/\/+$/, ''),
      facebookLogin: facebookLoginSettings(e),
      messaging: messagingSettings(e),
      hubOAuth: hubOAuthSettings(e),
    };
  });

export type Config = z.output<typeof envSchema>;

/** Managed numbers, inbound SMS and mail, and the inbox (spec §3.13–§3.15). */
export interface MessagingSettings {
  /** Where new managed numbers come from: a fictional local range, or bought from Twilio. */
  phoneProvider: 'local' | 'twilio';
  localRange: { from: string; to: string };
  quarantineDays: number;
  /** Verifies X-Twilio-Signature on the inbound SMS webhook, for both providers. Unset: every webhook is refused. */
  webhookAuthToken: string | undefined;
  /** When set, webhooks from another Twilio account are refused. */
  twilioAccountSid: string | undefined;
  twilioApiUrl: string;
  twilioNumberCountry: string;
  inboundDomain: string;
  inboundSmtp: { host: string; port: number; maxBytes: number } | null;
  retentionDays: number;
}

interface MessagingEnv {
  LATCHKEY_HOST: string;
  LATCHKEY_SMS_PROVIDER?: 'local' | 'twilio' | undefined;
  LATCHKEY_SMS_LOCAL_RANGE: string;
  LATCHKEY_PHONE_QUARANTINE_DAYS: number;
  LATCHKEY_TWILIO_ACCOUNT_SID?: string | undefined;
  LATCHKEY_TWILIO_AUTH_TOKEN?: string | undefined;
  LATCHKEY_TWILIO_API_URL: string;
  LATCHKEY_TWILIO_NUMBER_COUNTRY: string;
  LATCHKEY_INBOUND_DOMAIN: string;
  LATCHKEY_INBOUND_SMTP_PORT?: number | undefined;
  LATCHKEY_INBOUND_SMTP_HOST?: string | undefined;
  LATCHKEY_INBOUND_MAX_BYTES: number;
  LATCHKEY_INBOX_RETENTION_DAYS: number;
}

function messagingSettings(e: MessagingEnv): MessagingSettings {
  const [from = '', to = ''] = e.LATCHKEY_SMS_LOCAL_RANGE.split('-');
  return {
    phoneProvider: e.LATCHKEY_SMS_PROVIDER ?? (e.LATCHKEY_TWILIO_ACCOUNT_SID ? 'twilio' : 'local'),
    localRange: { from, to },
    quarantineDays: e.LATCHKEY_PHONE_QUARANTINE_DAYS,
    webhookAuthToken: e.LATCHKEY_TWILIO_AUTH_TOKEN,
    twilioAccountSid: e.LATCHKEY_TWILIO_ACCOUNT_SID,
    twilioApiUrl: e.LATCHKEY_TWILIO_API_URL.replace(/\/+$/, ''),
    twilioNumberCountry: e.LATCHKEY_TWILIO_NUMBER_COUNTRY,
    inboundDomain: e.LATCHKEY_INBOUND_DOMAIN.toLowerCase(),
    inboundSmtp: e.LATCHKEY_INBOUND_SMTP_PORT === undefined ? null : { host: e.LATCHKEY_INBOUND_SMTP_HOST ?? e.LATCHKEY_HOST, port: e.LATCHKEY_INBOUND_SMTP_PORT, maxBytes: e.LATCHKEY_INBOUND_MAX_BYTES },
    retentionDays: e.LATCHKEY_INBOX_RETENTION_DAYS,
  };
}

/**
 * Connecting Pinterest and TikTok hubs through the apps' own authorisation pages (spec §5.3, §5.4).
 * An app is null until the operator registers an app with the provider and sets its id and secret;
 * the wizard then offers only the pasted token.
 */
export interface HubOAuthSettings {
  pinterest: { authorizeUrl: string; apiUrl: string; clientId: string; clientSecret: string } | null;
  tiktok: { authorizeUrl: string; apiUrl: string; appId: string; appSecret: string } | null;
}

interface HubOAuthEnv {
  LATCHKEY_PINTEREST_API_URL: string;
  LATCHKEY_PINTEREST_OAUTH_URL: string;
  LATCHKEY_PINTEREST_CLIENT_ID?: string | undefined;
  LATCHKEY_PINTEREST_CLIENT_SECRET?: string | undefined;
  LATCHKEY_TIKTOK_API_URL: string;
  LATCHKEY_TIKTOK_OAUTH_URL: string;
  LATCHKEY_TIKTOK_APP_ID?: string | undefined;
  LATCHKEY_TIKTOK_APP_SECRET?: string | undefined;
}

function hubOAuthSettings(e: HubOAuthEnv): HubOAuthSettings {
  const pinterest = e.LATCHKEY_PINTEREST_CLIENT_ID && e.LATCHKEY_PINTEREST_CLIENT_SECRET ? { authorizeUrl: e.LATCHKEY_PINTEREST_OAUTH_URL, apiUrl: e.LATCHKEY_PINTEREST_API_URL.replace(/\/+$/, ''), clientId: e.LATCHKEY_PINTEREST_CLIENT_ID, clientSecret: e.LATCHKEY_PINTEREST_CLIENT_SECRET } : null;
  const tiktok = e.LATCHKEY_TIKTOK_APP_ID && e.LATCHKEY_TIKTOK_APP_SECRET ? { authorizeUrl: e.LATCHKEY_TIKTOK_OAUTH_URL, apiUrl: e.LATCHKEY_TIKTOK_API_URL.replace(/\/+$/, ''), appId: e.LATCHKEY_TIKTOK_APP_ID, appSecret: e.LATCHKEY_TIKTOK_APP_SECRET } : null;
  return { pinterest, tiktok };
}

/**
 * Facebook Login for "Connect your Facebook profile" (spec §5.12, reference §1.8). Null without the
 * app secret: the step then becomes "pick your pending invitation by e-mail".
 */
export interface FacebookLoginSettings {
  oauthUrl: string;
  graphUrl: string;
  version: string;
  appSecret: string;
  /** The app `appSecret` belongs to. Unset: each Meta hub's App Id, which must then be that same app. */
  appId?: string;
}

function facebookLoginSettings(e: { LATCHKEY_META_OAUTH_URL: string; LATCHKEY_META_GRAPH_URL: string; LATCHKEY_META_GRAPH_VERSION: string; LATCHKEY_META_APP_SECRET?: string | undefined; LATCHKEY_META_APP_ID?: string | undefined }): FacebookLoginSettings | null {
  if (!e.LATCHKEY_META_APP_SECRET) return null;
  return { oauthUrl: e.LATCHKEY_META_OAUTH_URL.replace(/\/+$/, ''), graphUrl: e.LATCHKEY_META_GRAPH_URL.replace(/\/+$/, ''), version: e.LATCHKEY_META_GRAPH_VERSION, appSecret: e.LATCHKEY_META_APP_SECRET, ...(e.LATCHKEY_META_APP_ID ? { appId: e.LATCHKEY_META_APP_ID } : {}) };
}

/** A configuration problem; the message names every bad setting and never its secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates settings from the environment, with an optional `.env` file filling in what the
 * environment leaves unset (the environment wins, so deployments can override the file).
 *
 * @example const config = loadConfig(process.env, process.cwd());
 */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const merged: Record<string, string | undefined> = { ...readDotEnv(cwd), ...definedOnly(env) };
  const parsed = envSchema.safeParse(blankToUndefined(merged));
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? 'config');
    const shown = secretKeys.has(key) ? '' : describeValue(merged[key]);
    return `  ${key}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

function readDotEnv(cwd: string): Record<string, string> {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** `FOO=` in a shell or .env means "not set", not "set to empty". */
function blankToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}

function describeValue(v: string | undefined): string {
  if (v === undefined) return '';
  return ` (got ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)})`;
}
