import { parseArgs } from 'node:util';
import { EmbeddedPostgresError } from '../../server/src/db/embedded/index.ts';
import { createLogger } from '../../server/src/logger.ts';
import { loadSandboxConfig, SandboxConfigError, type SandboxConfig } from './config.ts';
import { SandboxError } from './lib/errors.ts';
import { assetKinds, businessRoles, type AssetKind, type BusinessRole } from './lib/roles.ts';
import { openSandboxCore, startSandbox } from './runtime.ts';
import type { SandboxServices } from './services.ts';

const usage = `Usage: npm run sandbox -- <command> [options]

Commands:
  start                                   Run Sandbox Business Center (default http://127.0.0.1:8090)
  create-business --name <n> [--seats N]  Create a business; prints its id and a service token (shown once)
  create-token --business <id> [--label <l>] [--role ADMIN|MANAGER|EMPLOYEE|ANALYST]
  revoke-tokens --business <id> [--token <token id>]   Revoke one token, or all of the business's tokens
  add-asset --business <id> --name <n> [--kind AD_ACCOUNT|PAGE]
  faults --business <id> [--latency MS] [--error-rate F] [--rate-429 F] [--rate-503 F] [--seats N|none]
                                          Fault injection; --error-rate F splits F evenly between 429 and 503
  help                                    Show this text

Settings come from SANDBOX_* environment variables; see the README's "Sandbox Business Center" section.
`;

const options = {
  name: { type: 'string' },
  seats: { type: 'string' },
  business: { type: 'string' },
  label: { type: 'string' },
  role: { type: 'string' },
  token: { type: 'string' },
  kind: { type: 'string' },
  latency: { type: 'string' },
  'error-rate': { type: 'string' },
  'rate-429': { type: 'string' },
  'rate-503': { type: 'string' },
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function bad(message: string): never {
  throw new SandboxError('validation_failed', message);
}

function num(v: string | undefined, flag: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) bad(`${flag} must be a number from 0 to ${max} (got "${v}").`);
  return n;
}

function business(v: Values): string {
  return v.business ?? bad('Pass --business <business id>.');
}

async function oneShot(config: SandboxConfig, fn: (s: SandboxServices) => Promise<void>): Promise<void> {
  const core = await openSandboxCore(config, createLogger('warn'));
  try {
    await fn(core.services);
  } finally {
    await core.close();
  }
}

async function run(command: string, v: Values, config: SandboxConfig): Promise<void> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  switch (command) {
    case 'start': {
      const log = createLogger(config.logLevel);
      const running = await startSandbox(config, log);
      const stop = (): void => void running.stop().then(() => process.exit(0), () => process.exit(1));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      out(`\nSandbox Business Center is running at ${config.publicUrl}\n  Admin UI: ${config.publicUrl}/admin\n  API docs: ${config.publicUrl}/api/docs\n  SMS AccountSid: ${config.sms.accountSid}\n`);
      return;
    }
    case 'create-business':
      return oneShot(config, async (s) => {
        const seats = v.seats === undefined ? null : Math.floor(num(v.seats, '--seats', 100_000) ?? 0);
        const b = await s.businesses.create({ name: v.name ?? bad('Pass --name <business name>.'), seatLimit: seats });
        const { token } = await s.businesses.createToken(b.id, { label: 'Created with the business' });
        out(`Business "${b.name}" created.\n  Business ID:   ${b.id}\n  Service token: ${token}\n(The token is shown only once.)`);
      });
    case 'create-token':
      return oneShot(config, async (s) => {
        const role = (v.role ?? 'ADMIN').toUpperCase() as BusinessRole;
        if (!businessRoles.includes(role)) bad(`--role must be one of ${businessRoles.join(', ')}.`);
        const { token, row } = await s.businesses.createToken(business(v), { role, ...(v.label ? { label: v.label } : {}) });
        out(`Service token ${row.id} (${row.role}): ${token}\n(The token is shown only once.)`);
      });
    case 'revoke-tokens':
      return oneShot(config, async (s) => out(`Revoked ${await s.businesses.revokeTokens(business(v), v.token ?? null)} token(s).`));
    case 'add-asset':
      return oneShot(config, async (s) => {
        const kind = (v.kind ?? 'AD_ACCOUNT').toUpperCase() as AssetKind;
        if (!assetKinds.includes(kind)) bad(`--kind must be one of ${assetKinds.join(', ')}.`);
        const a = await s.businesses.addAsset(business(v), { kind, name: v.name ?? bad('Pass --name <asset name>.') });
        out(`Asset ${a.kind} "${a.name}": ${a.id}`);
      });
    case 'faults':
      return oneShot(config, async (s) => {
        const split = num(v['error-rate'], '--error-rate', 1);
        const b = await s.businesses.configure(business(v), {
          ...(v.latency !== undefined ? { faultLatencyMs: Math.floor(num(v.latency, '--latency', 60_000) ?? 0) } : {}),
          ...(split !== undefined ? { faultRate429: split / 2, faultRate503: split / 2 } : {}),
          ...(v['rate-429'] !== undefined ? { faultRate429: num(v['rate-429'], '--rate-429', 1) ?? 0 } : {}),
          ...(v['rate-503'] !== undefined ? { faultRate503: num(v['rate-503'], '--rate-503', 1) ?? 0 } : {}),
          ...(v.seats !== undefined ? { seatLimit: v.seats === 'none' ? null : Math.floor(num(v.seats, '--seats', 100_000) ?? 0) } : {}),
        });
        out(`Faults for "${b.name}": latency ${b.faultLatencyMs ?? 'default'} ms, 429 ${b.faultRate429 ?? 'default'}, 503 ${b.faultRate503 ?? 'default'}, seats ${b.seatLimit ?? 'unlimited'}.`);
      });
    default:
      bad(`Unknown command "${command}".\n\n${usage}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options });
  const command = positionals[0] ?? 'help';
  if (command === 'help') {
    process.stdout.write(usage);
    return;
  }
  await run(command, values, loadSandboxConfig(process.env));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const expected = e instanceof SandboxConfigError || e instanceof SandboxError || e instanceof EmbeddedPostgresError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
  process.stderr.write(expected ? `sandbox: ${(e as Error).message}\n` : `sandbox: unexpected error\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
