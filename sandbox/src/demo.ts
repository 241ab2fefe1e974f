import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortFree, runOnce, startChild, waitForHttp, type Child } from './demo/children.ts';
import { addLatchkeyMembers, type DemoPerson } from './demo/latchkey-people.ts';

/**
 * `npm run demo`: maildev (every outgoing email), Latchkey and Sandbox Business Center, wired
 * together on loopback, with a demo workspace (owner + two members) and a sandbox business with a
 * service token. State lives in data/demo, so a second run reuses it. Ctrl-C stops everything.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, 'data/demo'));
const ports = { latchkey: 8080, sandbox: 8090, smtp: 1025, mailbox: 1080 };
const url = {
  latchkey: `http://127.0.0.1:${ports.latchkey}`,
  sandbox: `http://127.0.0.1:${ports.sandbox}`,
  mailbox: `http://127.0.0.1:${ports.mailbox}`,
  smtp: `smtp://127.0.0.1:${ports.smtp}`,
};
const owner = { email: 'owner@demo.test', password: 'Demo-Owner-Passphrase-1' };
const people: DemoPerson[] = [
  { email: 'alice@demo.test', password: 'Demo-Alice-Passphrase-2', role: 'admin' },
  { email: 'bob@demo.test', password: 'Demo-Bob-Passphrase-3', role: 'user' },
];
const tsx = ['--import', 'tsx'];

interface DemoState {
  twilioAuthToken: string;
  sandbox?: { businessId: string; token: string };
  ownerCreated?: boolean;
  membersCreated?: boolean;
}

const statePath = join(dataDir, 'demo.json');

async function loadState(): Promise<DemoState> {
  try {
    return JSON.parse(await readFile(statePath, 'utf8')) as DemoState;
  } catch {
    return { twilioAuthToken: randomBytes(16).toString('hex') };
  }
}

async function saveState(s: DemoState): Promise<void> {
  await writeFile(statePath, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  // Traversable: when run as root the bundled PostgreSQL runs as `postgres` and must reach its dirs below.
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  await mkdir(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  for (const [what, port] of Object.entries(ports)) await assertPortFree(port, what);
  const state = await loadState();
  await saveState(state);
  const logs = { maildev: join(dataDir, 'logs/maildev.log'), latchkey: join(dataDir, 'logs/latchkey.log'), sandbox: join(dataDir, 'logs/sandbox.log') };

  const latchkeyEnv = {
    LATCHKEY_DATA_DIR: join(dataDir, 'latchkey'),
    LATCHKEY_PORT: String(ports.latchkey),
    LATCHKEY_SMTP_URL: url.smtp,
    LATCHKEY_MAIL_FROM: 'Latchkey Demo <no-reply@latchkey.demo.test>',
    LATCHKEY_TWILIO_AUTH_TOKEN: state.twilioAuthToken,
    LATCHKEY_JOB_POLL_MS: '250',
    LATCHKEY_LOG_LEVEL: 'warn',
  };
  const sandboxEnv = {
    SANDBOX_DATA_DIR: join(dataDir, 'sandbox'),
    SANDBOX_PORT: String(ports.sandbox),
    SANDBOX_SMTP_URL: url.smtp,
    // Latchkey's future Twilio webhook: the demo's managed numbers live in +1 555 010 xxxx.
    SANDBOX_SMS_ROUTES: `+1555010*=${url.latchkey}/api/v1/webhooks/sms/twilio`,
    SANDBOX_TWILIO_AUTH_TOKEN: state.twilioAuthToken,
    SANDBOX_LOG_LEVEL: 'warn',
  };
  const sandboxCli = [...tsx, join(root, 'sandbox/src/cli.ts')];
  const latchkeyCli = [...tsx, join(root, 'server/src/cli.ts')];

  say('Preparing the web app…');
  await runOnce([join(root, 'scripts/ensure-web-build.mjs')], {});

  if (!state.sandbox) {
    say('Creating the sandbox business…');
    const out = await runOnce([...sandboxCli, 'create-business', '--name', 'Demo Ads Co', '--seats', '25'], sandboxEnv);
    const businessId = /Business ID:\s+(\S+)/.exec(out)?.[1];
    const token = /Service token:\s+(\S+)/.exec(out)?.[1];
    if (!businessId || !token) throw new Error(`Unexpected output from create-business:\n${out}`);
    await runOnce([...sandboxCli, 'add-asset', '--business', businessId, '--kind', 'AD_ACCOUNT', '--name', 'Demo ad account'], sandboxEnv);
    await runOnce([...sandboxCli, 'add-asset', '--business', businessId, '--kind', 'PAGE', '--name', 'Demo brand page'], sandboxEnv);
    state.sandbox = { businessId, token };
    await saveState(state);
  }

  const children: Child[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('\nStopping the demo…');
      for (const c of [...children].reverse()) await c.stop();
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGHUP', () => void stopAll(0));

  try {
    say('Starting the mailbox (maildev)…');
    const maildev = startChild('maildev', [join(root, 'node_modules/maildev/dist/bin/maildev.js'), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--smtp', String(ports.smtp), '--web', String(ports.mailbox), '--mail-directory', join(dataDir, 'mailbox')], {}, logs.maildev);
    children.push(maildev);
    await waitForHttp(`${url.mailbox}/api/email`, maildev, logs.maildev);

    if (!state.ownerCreated) {
      say('Creating the demo workspace and its owner…');
      await runOnce([...latchkeyCli, 'create-owner', '--name', 'Demo Workspace', '--owner-email', owner.email], latchkeyEnv, `${owner.password}\n`);
      state.ownerCreated = true;
      await saveState(state);
    }

    say('Starting Latchkey…');
    const latchkey = startChild('Latchkey', [...latchkeyCli, 'start'], latchkeyEnv, logs.latchkey);
    children.push(latchkey);
    await waitForHttp(`${url.latchkey}/api/health`, latchkey, logs.latchkey);

    if (!state.membersCreated) {
      say('Inviting two members through Latchkey and accepting from the mailbox…');
      await addLatchkeyMembers({ latchkey: url.latchkey, mailbox: url.mailbox, owner, people });
      state.membersCreated = true;
      await saveState(state);
    }

    say('Starting Sandbox Business Center…');
    const sandbox = startChild('Sandbox', [...sandboxCli, 'start'], sandboxEnv, logs.sandbox);
    children.push(sandbox);
    await waitForHttp(`${url.sandbox}/api/health`, sandbox, logs.sandbox);
  } catch (e) {
    process.stderr.write(`demo: ${(e as Error).message}\n`);
    await stopAll(1);
  }

  const s = state.sandbox;
  say(`
Latchkey demo is running. Press Ctrl-C to stop everything.

  Latchkey                 ${url.latchkey}
    owner                  ${owner.email} / ${owner.password}
${people.map((p) => `    ${p.role.padEnd(22)} ${p.email} / ${p.password}`).join('\n')}
    API docs               ${url.latchkey}/api/docs

  Sandbox Business Center  ${url.sandbox}
    admin UI               ${url.sandbox}/admin
    Business ID            ${s?.businessId}
    service token          ${s?.token}
    API docs               ${url.sandbox}/api/docs
    carrier log (SMS)      ${url.sandbox}/admin/carrier

  Mailbox (all email)      ${url.mailbox}

  SMS to +1 555 010 xxxx go to ${url.latchkey}/api/v1/webhooks/sms/twilio, signed with the auth token in
  ${statePath}; other numbers are held in the sandbox's carrier log.
  Logs: ${join(dataDir, 'logs')}
`);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
