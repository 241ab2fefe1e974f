import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { EmbeddedPostgresError } from './db/embedded/index.ts';
import { runMigrations } from './db/migrate.ts';
import { openDatabase } from './db/client.ts';
import { openDataStore } from './db/store.ts';
import { rotateMasterKeyCommand } from './modules/keyring/rotate-command.ts';
import { AppError } from './lib/errors.ts';
import { createLogger } from './logger.ts';
import { newPassword } from './modules/members/dto.ts';
import { openCore, startLatchkey, type Role } from './runtime.ts';

const usage = `Usage: npm run latchkey -- <command> [options]

Commands:
  start [--role=all|api|worker]          Run Latchkey (default role: all)
  migrate                                Apply database migrations
  create-workspace --name <n> --owner-email <e> [--first-name <f>] [--last-name <l>]
                                         Create a workspace and its owner; the owner's password is read from stdin
  create-owner --name <n> --owner-email <e>
                                         The same, for the first workspace of a new server
  rotate-master-key [--new-key-file <path>]
                                         Re-wrap every data key under a new master key (stop Latchkey first
                                         when it runs on the embedded database)
  help                                   Show this text
`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Owner password (input is read from stdin; end with Enter, then Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  const ok = newPassword.safeParse(password);
  if (!ok.success) throw new AppError('validation_failed', `The password is not usable: ${ok.error.issues[0]?.message ?? 'invalid'}`);
  return password;
}

async function createWorkspace(config: Config, args: Record<string, string | boolean | undefined>, firstOnly: boolean): Promise<void> {
  const name = args.name;
  const email = args['owner-email'];
  if (typeof name !== 'string' || typeof email !== 'string') throw new AppError('validation_failed', 'Pass --name <workspace name> and --owner-email <email>.');
  const password = await readPassword();
  const log = createLogger('warn');
  const { store, database, services } = await openCore(config, log, { migrate: true });
  try {
    const input = { workspaceName: name, email, password, firstName: String(args['first-name'] ?? ''), lastName: String(args['last-name'] ?? '') };
    const { workspace, owner } = firstOnly
      ? await services.workspaces.setup(input, { ip: null, userAgent: 'latchkey-cli' }, async () => null)
      : await services.workspaces.create(input);
    process.stdout.write(`Created workspace "${workspace.name}" (${workspace.slug}) with owner ${owner.email}.\nSign in at ${config.publicUrl}/login\n`);
  } finally {
    await database.close();
    await store.stop();
  }
}

async function rotateKey(config: Config, newKeyFile: string | undefined): Promise<void> {
  const store = await openDataStore(config, createLogger('warn'));
  const database = openDatabase(store.url);
  try {
    const r = await rotateMasterKeyCommand(config, database, newKeyFile);
    process.stdout.write(`Re-wrapped ${r.rewrapped} workspace data key(s): master key ${r.oldKeyId} → ${r.newKeyId}.\n`);
    process.stdout.write(r.fromEnvironment ? `Now set LATCHKEY_MASTER_KEY to the new key before the next start.\n` : `The new key is in ${config.dataDir}/master.key. Back it up and destroy copies of the old one.\n`);
  } finally {
    await database.close();
    await store.stop();
  }
}

async function start(config: Config, roleArg: string | undefined): Promise<void> {
  const role = (roleArg ?? 'all') as Role;
  if (!['all', 'api', 'worker'].includes(role)) throw new AppError('validation_failed', `--role must be all, api or worker (got "${role}").`);
  const log = createLogger(config.logLevel);
  const running = await startLatchkey(config, log, role);
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (running.app) {
    const setup = (await running.services.workspaces.needsSetup()) ? `\n  First run: open ${config.publicUrl}/setup to create your workspace.` : '';
    process.stdout.write(`\nLatchkey is running at ${config.publicUrl} (role: ${role}).${setup}\n  API docs: ${config.publicUrl}/api/docs\n\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      'new-key-file': { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (command === 'help') {
    process.stdout.write(usage);
    return;
  }
  const config = loadConfig(process.env);
  switch (command) {
    case 'start':
      return start(config, values.role);
    case 'migrate': {
      const store = await openDataStore(config, createLogger('warn'));
      try {
        await runMigrations(store.url);
        process.stdout.write('Migrations applied.\n');
      } finally {
        await store.stop();
      }
      return;
    }
    case 'create-workspace':
      return createWorkspace(config, values, false);
    case 'create-owner':
      return createWorkspace(config, values, true);
    case 'rotate-master-key':
      return rotateKey(config, values['new-key-file']);
    default:
      throw new AppError('validation_failed', `Unknown command "${command}".\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // Expected failures print one clear line; only unexpected ones show a stack.
  if (e instanceof ConfigError || e instanceof AppError || e instanceof EmbeddedPostgresError) {
    process.stderr.write(`latchkey: ${e.message}\n`);
  } else {
    process.stderr.write(`latchkey: unexpected error\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exit(1);
});
