import { resolve } from 'node:path';
import { z } from 'zod';
import { parseSmsRoutes, SmsRoutesError, type SmsRoute } from './sms/routes.ts';

/** Never echoed in errors. */
const secretKeys = new Set(['SANDBOX_DATABASE_URL', 'SANDBOX_SMTP_URL', 'SANDBOX_TWILIO_AUTH_TOKEN']);

const rate = z.coerce.number().min(0).max(1);
const envSchema = z.object({
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  SANDBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SANDBOX_DATA_DIR: z.string().min(1).default('./data/sandbox'),
  SANDBOX_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  SANDBOX_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SANDBOX_MAIL_FROM: z.string().min(3).default('Sandbox Business Center <no-reply@sandbox.latchkey.local>'),
  SANDBOX_SMS_ROUTES: z.string().optional(),
  SANDBOX_TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  SANDBOX_TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 hex digits').default('AC172a2bb13923313a73ea9ac7443a4f10'),
  SANDBOX_SMS_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').default('+15005550006'),
  SANDBOX_INVITE_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  SANDBOX_FAULT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  SANDBOX_FAULT_429_RATE: rate.default(0),
  SANDBOX_FAULT_503_RATE: rate.default(0),
  SANDBOX_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  SANDBOX_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface SandboxConfig {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  sms: { routes: SmsRoute[]; authToken: string | undefined; accountSid: string; from: string };
  inviteTtlHours: number;
  /** Process-wide fault defaults; a business's own settings override them. */
  faults: { latencyMs: number; rate429: number; rate503: number };
  apiRateLimitPerMinute: number;
  logLevel: string;
}

export class SandboxConfigError extends Error {
  override name = 'SandboxConfigError';
}

/** Validates the environment; the message names every bad setting and never a secret value. */
export function loadSandboxConfig(env: Record<string, string | undefined>): SandboxConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SANDBOX_') && v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  ${key}: ${i.message}${secretKeys.has(key) ? '' : ` (got "${String(cleaned[key])}")`}`;
    });
    throw new SandboxConfigError(`Invalid sandbox settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let routes: SmsRoute[];
  try {
    routes = parseSmsRoutes(e.SANDBOX_SMS_ROUTES);
  } catch (err) {
    throw new SandboxConfigError((err as SmsRoutesError).message);
  }
  if (routes.length > 0 && !e.SANDBOX_TWILIO_AUTH_TOKEN) {
    throw new SandboxConfigError('SANDBOX_SMS_ROUTES is set but SANDBOX_TWILIO_AUTH_TOKEN is not: gateways need it to check X-Twilio-Signature.');
  }
  return {
    host: e.SANDBOX_HOST,
    port: e.SANDBOX_PORT,
    publicUrl: (e.SANDBOX_PUBLIC_URL ?? `http://${e.SANDBOX_HOST}:${e.SANDBOX_PORT}`).replace(/\/+$/, ''),
    dataDir: resolve(e.SANDBOX_DATA_DIR),
    databaseUrl: e.SANDBOX_DATABASE_URL,
    smtpUrl: e.SANDBOX_SMTP_URL,
    mailFrom: e.SANDBOX_MAIL_FROM,
    sms: { routes, authToken: e.SANDBOX_TWILIO_AUTH_TOKEN, accountSid: e.SANDBOX_TWILIO_ACCOUNT_SID, from: e.SANDBOX_SMS_FROM },
    inviteTtlHours: e.SANDBOX_INVITE_TTL_HOURS,
    faults: { latencyMs: e.SANDBOX_FAULT_LATENCY_MS, rate429: e.SANDBOX_FAULT_429_RATE, rate503: e.SANDBOX_FAULT_503_RATE },
    apiRateLimitPerMinute: e.SANDBOX_API_RATE_LIMIT,
    logLevel: e.SANDBOX_LOG_LEVEL,
  };
}
