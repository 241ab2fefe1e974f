import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** Settings whose values must never be printed, even in validation errors. */
const secretKeys = new Set(['DATABASE_URL', 'LATCHKEY_MASTER_KEY', 'LATCHKEY_SMTP_URL', 'TEST_DATABASE_URL', 'LATCHKEY_TWILIO_AUTH_TOKEN']);

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
    };
  });

export type Config = z.output<typeof envSchema>;

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
