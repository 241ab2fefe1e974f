import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandboxConnector } from '../../server/src/connectors/sandbox/connector.ts';
import { useBrowserApp } from './harness.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { addMember, connectHub, hubMemberState, managedOption, until } from './join-kit.ts';
import { freePort, useSandboxApp } from './sandbox-app.ts';

/**
 * Seed 000 ("Join the app and connect it to Latchkey") end to end, against a real Sandbox Business
 * Center and a real Latchkey: an Owner connects a Sandbox hub and shares it; the invitee picks a
 * Latchkey-managed identity in the browser, signs up in the sandbox from the invite email with the
 * generated password and managed number, sees the sandbox's SMS code arrive in the open dialog, and
 * connects the account. Then the Owner sees them onboarded, and the stored credentials log in to the
 * sandbox with a live SMS code. Also the existing-account path, and a Collaborator who gets the
 * codes but never the password, and the claim path: a collection share waits for "Claim your invite".
 *
 * Wiring: the sandbox's carrier routes +1555010* (Latchkey's local managed range) to Latchkey's
 * Twilio-format webhook, signed with the token Latchkey verifies; its invites go over SMTP to an
 * in-process sink.
 */

const AUTH_TOKEN = 'e2e-twilio-auth-token-0123456789';
const pid = process.pid;
const ownerEmail = `olga.${pid}@acme.test`;
const miaEmail = `mia.${pid}@acme.test`;
const nedEmail = `ned.${pid}@acme.test`;
const colEmail = `cole.${pid}@acme.test`;
const cleoEmail = `cleo.${pid}@acme.test`;
/** Ned's own phone: outside the managed range, so its texts stay in the sandbox's carrier log. */
const nedPhone = '+15550200123';
const nedPassword = `Ned-Own-Pass-${pid}!`;

/** Set LATCHKEY_SCREENSHOTS=docs/images to refresh the screenshots in the docs from this flow. */
const snap = screenshots('connect', 1300);

/** Signs up in the sandbox from the invite link: password, phone, then the texted code. Returns when the code form shows. */
async function startSandboxSignup(page: Page, link: string, email: string, password: string, phone: string): Promise<void> {
  await page.goto(link);
  expect(await page.getByLabel('Email').inputValue()).toBe(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Mobile phone number').fill(phone);
  await page.getByRole('button', { name: 'Send verification code' }).click();
  await page.getByLabel('Verification code').waitFor();
}

async function finishSandboxSignup(page: Page, code: string): Promise<void> {
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/account\?welcome=1$/);
  expect(await page.getByRole('status').textContent()).toContain('Your account is ready');
}

/**
 * Records, in the page, the browser's clock when a verification code first shows inside `scope`
 * (a CSS selector), so the latency is measured where the person sees it, not by the test's polling.
 */
async function watchForCode(page: Page, scope: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __codeSeen?: { at: number; code: string } };
    delete w.__codeSeen;
    const check = (): boolean => {
      const el = document.querySelector(`${sel} [data-testid="inbox-code"]`);
      if (!el?.textContent) return false;
      w.__codeSeen = { at: Date.now(), code: el.textContent.trim() };
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => check() && observer.disconnect());
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, scope);
}

async function codeSeen(page: Page): Promise<{ at: number; code: string }> {
  const handle = await page.waitForFunction(() => (window as unknown as { __codeSeen?: { at: number; code: string } }).__codeSeen, undefined, { timeout: 15_000 });
  return (await handle.jsonValue()) as { at: number; code: string };
}

let latchkeyPort = 0;
beforeAll(async () => {
  latchkeyPort = await freePort();
});
const getSandbox = useSandboxApp(() => ({
  authToken: AUTH_TOKEN,
  smsRoutes: [{ prefix: '+1555010', exact: false, url: `http://127.0.0.1:${latchkeyPort}/api/v1/webhooks/sms/twilio` }],
}));
const getApp = useBrowserApp(() => ({
  port: latchkeyPort,
  connectors: [createSandboxConnector({ baseUrl: getSandbox().baseUrl, timeoutMs: 10_000 })],
  messaging: { webhookAuthToken: AUTH_TOKEN },
}));

describe('seed 000: join the app and connect it to Latchkey', () => {
  let hubId = '';
  let miaId = '';
  let owner: BrowserContext;
  const latencies: number[] = [];

  it('an Owner connects a Sandbox hub and shares it; the invitee joins with a Latchkey-managed identity and connects it', async () => {
    const t = getApp();
    const sandbox = getSandbox();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const o = await t.newPage();
    owner = o.context;
    await signIn(o.page, ownerEmail);
    miaId = await addMember(t, owner, miaEmail, 'Mia', 'Member');

    // (1) The Owner connects the Sandbox business as a hub (API: the seed is the invitee's flow) and shares it with Mia.
    const biz = await sandbox.business('Acme Ads');
    hubId = await connectHub(owner, { appKey: 'sandbox', label: 'Acme Ads', businessId: biz.id, token: biz.token });
    const shared = await owner.request.post(`/api/v1/hubs/${hubId}/shares`, { data: { subjects: [{ type: 'user', id: miaId }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.status(), await shared.text()).toBe(200);

    // (2) Mia signs in: the card says "Connect your account", and soon that the invite is in her mailbox.
    const { context, page } = await t.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await signIn(page, miaEmail);
    const card = page.getByRole('article', { name: 'Sandbox Business Center – Acme Ads' });
    await card.getByTestId('card-status').getByText('Connect your account').waitFor();
    const link = await sandbox.inviteLink(miaEmail);
    await page.reload();
    await card.getByText('Check your email for the invite from Sandbox Business Center').waitFor();
    await snap(page, 'card');

    // The card opens "Connect your account"; she picks the managed identity.
    await card.getByRole('button', { name: 'Sandbox Business Center' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect your account' });
    await connect.getByRole('radio', { name: managedOption }).check();
    await snap(page, 'choose');
    await connect.getByRole('button', { name: 'Next' }).click();

    const create = page.getByRole('dialog', { name: 'Create Sandbox Business Center account' });
    const password = (await create.getByTestId('identity-password').textContent()) ?? '';
    const phone = (await create.getByTestId('identity-phone').textContent()) ?? '';
    expect(password).toMatch(/^.{12,64}$/);
    expect(phone).toMatch(/^\+1555010\d{4}$/);
    expect(await create.getByTestId('identity-email').textContent()).toBe(miaEmail);
    await create.getByText('If you have already created the account in the app, update your profile information in the app with the password and phone number we provided.').waitFor();
    await create.getByText('Leave the dialog box open to complete the process to add and connect the account to Latchkey.').waitFor();
    await create.getByText(/Open the app by clicking the link in the invite email you received/).waitFor();
    // The copy buttons put exactly these values on the clipboard.
    await create.getByRole('button', { name: 'Copy password' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
    await create.getByRole('button', { name: 'Copy phone number' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(phone);

    // Closing keeps the draft: the card resumes with the same password and number.
    await create.getByRole('button', { name: 'Close' }).click();
    await create.waitFor({ state: 'hidden' });
    await card.getByRole('button', { name: 'Connect', exact: true }).click();
    await create.getByTestId('identity-password').waitFor();
    expect(await create.getByTestId('identity-password').textContent()).toBe(password);
    expect(await create.getByTestId('identity-phone').textContent()).toBe(phone);
    await create.getByText(/Waiting for a text message/).waitFor();
    await create.getByTestId('inbox-live').getByText('Live').waitFor();
    await snap(page, 'create');

    // (3) The invite email's link, in another tab: sign up with the generated password and the managed number.
    let loads = 0;
    page.on('load', () => (loads += 1));
    await watchForCode(page, '[role="dialog"]');
    const app = await context.newPage();
    const askedAt = new Date(Date.now() - 1000);
    await startSandboxSignup(app, link, miaEmail, password, phone);
    const sms = await sandbox.lastSms(phone, askedAt);

    // (4) The code shows up in the open dialog, pushed live, within a second of the sandbox sending it.
    const seen = await codeSeen(page);
    const latency = seen.at - sms.sentAt.getTime();
    latencies.push(latency);
    expect(seen.code).toBe(sms.code);
    expect(latency, `SMS sent → code on screen took ${latency} ms`).toBeLessThan(1000);
    expect(loads).toBe(0);
    await create.getByRole('button', { name: `Copy code ${sms.code}` }).waitFor();
    await snap(page, 'code');
    await finishSandboxSignup(app, seen.code);

    // (5) Back in Latchkey: Next → "Add your account to Latchkey" → "Add account" → success.
    await create.getByRole('button', { name: 'Next' }).click();
    const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
    expect(await add.getByLabel('Account label in Latchkey').inputValue()).toBe('Sandbox Business Center – Mia');
    expect(await add.getByLabel('Email').inputValue()).toBe(miaEmail);
    expect(await add.getByLabel('Email').getAttribute('readonly')).not.toBeNull();
    expect(await add.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    expect(await add.getByLabel('Phone').inputValue()).toBe(phone);
    expect(await add.getByLabel('Vault').count()).toBe(0);
    await snap(page, 'add');
    await add.getByRole('button', { name: 'Add account' }).click();
    const done = page.getByRole('dialog', { name: 'Account connected' });
    await done.getByText('Your Sandbox Business Center account is connected to Latchkey.').waitFor();
    expect(await add.count()).toBe(0);
    await snap(page, 'success');
    await done.getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();
    await card.getByRole('button', { name: 'Log in' }).waitFor();

    // (6) The connect action queued a sync: the Owner sees Mia onboarded.
    expect(await until('Mia to be onboarded', async () => (await hubMemberState(owner, hubId, miaId)) === 'onboarded', 30_000)).toBe(true);
    const members = (await (await owner.request.get(`/api/v1/hubs/${hubId}/members?tab=onboarded`)).json()) as { data: { memberId: string; state: string }[] };
    expect(members.data.find((m) => m.memberId === miaId)?.state).toBe('onboarded');

    // "Log in": the sandbox's login page opens in a new tab, the side panel has the stored credentials.
    const [login] = await Promise.all([context.waitForEvent('page'), card.getByRole('button', { name: 'Log in' }).click()]);
    const panel = page.getByRole('dialog', { name: 'Log in to Sandbox Business Center' });
    await panel.getByRole('button', { name: 'Show password' }).click();
    const stored = (await panel.getByTestId('password-value').textContent()) ?? '';
    expect(stored).toBe(password);
    const username = (await panel.getByText(miaEmail).first().textContent()) ?? '';
    expect(username).toBe(miaEmail);
    // The same secret through the API an account Owner uses (her own connected account).
    const cards = (await (await context.request.get('/api/v1/me/cards')).json()) as { data: { connectedAccountId: string }[] };
    const accountId = cards.data[0]!.connectedAccountId;
    const retrieved = await context.request.post(`/api/v1/accounts/${accountId}/password/retrieve`, { data: { purpose: 'copy' } });
    expect(((await retrieved.json()) as { password: string }).password).toBe(password);

    await login.waitForURL(/\/login$/);
    await login.getByLabel('Email').fill(username);
    await login.getByLabel('Password').fill(stored);
    await watchForCode(page, '[data-testid="login-latest-code"]');
    // The panel already shows the signup code; wait for the new one.
    await page.evaluate(() => delete (window as unknown as { __codeSeen?: unknown }).__codeSeen);
    const loginAskedAt = new Date(Date.now() - 1000);
    await login.getByRole('button', { name: 'Continue' }).click();
    const loginSms = await sandbox.lastSms(phone, loginAskedAt);
    await panel.getByTestId('inbox-code').getByText(loginSms.code).waitFor();
    await snap(page, 'login-panel');
    await login.getByLabel('Code from the text message').fill(loginSms.code);
    await login.getByRole('button', { name: 'Continue' }).click();
    await login.waitForURL(/\/account$/);
    await login.getByText(miaEmail).waitFor();
    await context.close();
  });

  it('the Shared Inbox shows a Collaborator the codes live, and never the password', async () => {
    const t = getApp();
    const sandbox = getSandbox();
    const colId = await addMember(t, owner, colEmail, 'Cole', 'Collaborator');
    // Mia shares her connected account with Cole as a Collaborator.
    const mia = await t.newPage();
    await signIn(mia.page, miaEmail);
    const cards = (await (await mia.context.request.get('/api/v1/me/cards')).json()) as { data: { connectedAccountId: string }[] };
    const accountId = cards.data[0]!.connectedAccountId;
    const grant = await mia.context.request.post(`/api/v1/accounts/${accountId}/grants`, { data: { subjectType: 'user', subjectId: colId, role: 'collaborator' } });
    expect(grant.status(), await grant.text()).toBe(201);
    const detail = (await (await mia.context.request.get(`/api/v1/accounts/${accountId}`)).json()) as { phone: string };
    const password = ((await (await mia.context.request.post(`/api/v1/accounts/${accountId}/password/retrieve`, { data: { purpose: 'show' } })).json()) as { password: string }).password;

    const { context, page } = await t.newPage();
    const bodies: Promise<{ url: string; body: string }>[] = [];
    page.on('response', (r) => bodies.push(r.text().then((body) => ({ url: r.url(), body }), () => ({ url: r.url(), body: '' }))));
    await signIn(page, colEmail);
    await page.getByRole('navigation').getByRole('link', { name: 'Shared inbox' }).click();
    await page.waitForURL('**/inbox');
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    // Mia's earlier codes are there, newest first.
    await page.getByTestId('inbox-message').first().waitFor();
    const before = await page.getByTestId('inbox-message').count();
    expect(before).toBeGreaterThanOrEqual(2);

    // Someone logs in to the sandbox with the account: the code reaches Cole's open inbox without a reload.
    let loads = 0;
    page.on('load', () => (loads += 1));
    await watchForCode(page, '[data-testid="inbox-message"]:first-of-type');
    await page.evaluate(() => delete (window as unknown as { __codeSeen?: unknown }).__codeSeen);
    const login = await mia.context.newPage();
    await login.goto(`${sandbox.baseUrl}/login`);
    await login.getByLabel('Email').fill(miaEmail);
    await login.getByLabel('Password').fill(password);
    const askedAt = new Date(Date.now() - 1000);
    await login.getByRole('button', { name: 'Continue' }).click();
    const sms = await sandbox.lastSms(detail.phone, askedAt);
    await page.getByTestId('inbox-message').nth(before).waitFor();
    const newest = page.getByTestId('inbox-message').first();
    await newest.getByTestId('inbox-code').getByText(sms.code).waitFor();
    await newest.getByRole('button', { name: `Copy code ${sms.code}` }).waitFor();
    expect(loads).toBe(0);
    await snap(page, 'shared-inbox');

    // The account filter narrows to the account; its page has the same messages in its Inbox tab.
    await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Sandbox Business Center – Mia' });
    await page.getByTestId('inbox-message').first().getByTestId('inbox-code').getByText(sms.code).waitFor();
    await page.goto(`/accounts/${accountId}`);
    await page.getByText('Only Owners can see this password').waitFor();
    await page.getByRole('tab', { name: 'Inbox' }).click();
    await page.getByTestId('inbox-message').first().getByTestId('inbox-code').getByText(sms.code).waitFor();

    // The server refuses Cole the password; no response he received ever contained it.
    expect((await context.request.post(`/api/v1/accounts/${accountId}/password/retrieve`, { data: { purpose: 'show' } })).status()).toBe(403);
    await page.close();
    for (const r of await Promise.all(bodies)) expect(r.body, `password in ${r.url}`).not.toContain(password);
    await context.close();
    await login.close();
    await mia.context.close();
  });

  it('an invitee who already created the account connects it with "Connect account"', async () => {
    const t = getApp();
    const sandbox = getSandbox();
    const nedId = await addMember(t, owner, nedEmail, 'Ned', 'Newcomer');
    const shared = await owner.request.post(`/api/v1/hubs/${hubId}/shares`, { data: { subjects: [{ type: 'user', id: nedId }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.status(), await shared.text()).toBe(200);

    // Ned accepts the app's invite and creates the account his own way: his password, his own phone.
    const link = await sandbox.inviteLink(nedEmail);
    const { context, page } = await t.newPage();
    const app = await context.newPage();
    const askedAt = new Date(Date.now() - 1000);
    await startSandboxSignup(app, link, nedEmail, nedPassword, nedPhone);
    await finishSandboxSignup(app, (await sandbox.lastSms(nedPhone, askedAt)).code);

    await signIn(page, nedEmail);
    const card = page.getByRole('article', { name: 'Sandbox Business Center – Acme Ads' });
    await card.getByRole('button', { name: 'Connect', exact: true }).click();
    const connect = page.getByRole('dialog', { name: 'Connect your account' });
    await connect.getByRole('radio', { name: 'I already have a Sandbox Business Center account and want to add it to Latchkey' }).check();
    await connect.getByRole('button', { name: 'Next' }).click();
    const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
    expect(await add.getByLabel('Account label in Latchkey').inputValue()).toBe('Sandbox Business Center – Ned');
    expect(await add.getByLabel('Email').inputValue()).toBe(nedEmail);
    await add.getByLabel('Current password').fill(nedPassword);
    await snap(page, 'existing');
    await add.getByRole('button', { name: 'Connect account' }).click();
    await page.getByRole('dialog', { name: 'Account connected' }).getByText('Your Sandbox Business Center account is connected to Latchkey.').waitFor();
    await page.getByRole('dialog', { name: 'Account connected' }).getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();

    expect(await until('Ned to be onboarded', async () => (await hubMemberState(owner, hubId, nedId)) === 'onboarded', 30_000)).toBe(true);
    const cards = (await (await context.request.get('/api/v1/me/cards')).json()) as { data: { connectedAccountId: string }[] };
    const stored = await context.request.post(`/api/v1/accounts/${cards.data[0]!.connectedAccountId}/password/retrieve`, { data: { purpose: 'show' } });
    expect(((await stored.json()) as { password: string }).password).toBe(nedPassword);
    await context.close();
  });

  it('a collection share waits for "Claim your invite"; after "Send email invite" the invitee joins and connects', async () => {
    const t = getApp();
    const sandbox = getSandbox();
    const cleoId = await addMember(t, owner, cleoEmail, 'Cleo', 'Claimant');
    const collection = await owner.request.post('/api/v1/collections', { data: { name: 'Paid social' } });
    expect(collection.status(), await collection.text()).toBe(201);
    const collectionId = ((await collection.json()) as { id: string }).id;
    const added = await owner.request.post(`/api/v1/collections/${collectionId}/hubs`, { data: { hubId, appRoleKeys: ['ANALYST'] } });
    expect(added.status(), await added.text()).toBe(200);
    const shared = await owner.request.post(`/api/v1/collections/${collectionId}/grants`, { data: { subjectType: 'user', subjectId: cleoId, role: 'collaborator' } });
    expect(shared.status(), await shared.text()).toBe(200);

    const { context, page } = await t.newPage();
    await signIn(page, cleoEmail);
    const card = page.getByRole('article', { name: 'Sandbox Business Center – Acme Ads' });
    await card.getByTestId('card-status').getByText('Claim your invite').waitFor();
    // Nothing is sent to the app before the claim.
    expect(sandbox.smtp.received.some((m) => m.to === cleoEmail)).toBe(false);
    await card.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('dialog', { name: 'Claim your invite' }).getByRole('button', { name: 'Send email invite' }).click();
    const review = page.getByRole('dialog', { name: 'Review your email' });
    expect(await review.getByTestId('claim-email').textContent()).toBe(cleoEmail);
    await snap(page, 'claim');
    await review.getByRole('button', { name: 'Send email invite' }).click();
    await review.waitFor({ state: 'hidden' });
    await card.getByTestId('card-status').getByText('Connect your account').waitFor();

    // The app's invite arrives; Cleo joins with a managed identity, as in the seed.
    const link = await sandbox.inviteLink(cleoEmail);
    await card.getByRole('button', { name: 'Connect', exact: true }).click();
    const connect = page.getByRole('dialog', { name: 'Connect your account' });
    await connect.getByRole('radio', { name: managedOption }).check();
    await connect.getByRole('button', { name: 'Next' }).click();
    const create = page.getByRole('dialog', { name: 'Create Sandbox Business Center account' });
    const password = (await create.getByTestId('identity-password').textContent()) ?? '';
    const phone = (await create.getByTestId('identity-phone').textContent()) ?? '';
    await watchForCode(page, '[role="dialog"]');
    const app = await context.newPage();
    const askedAt = new Date(Date.now() - 1000);
    await startSandboxSignup(app, link, cleoEmail, password, phone);
    const sms = await sandbox.lastSms(phone, askedAt);
    const seen = await codeSeen(page);
    latencies.push(seen.at - sms.sentAt.getTime());
    expect(seen.code).toBe(sms.code);
    expect(seen.at - sms.sentAt.getTime()).toBeLessThan(1000);
    await finishSandboxSignup(app, seen.code);
    await create.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('dialog', { name: 'Add your account to Latchkey' }).getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('dialog', { name: 'Account connected' }).getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();
    expect(await until('Cleo to be onboarded', async () => (await hubMemberState(owner, hubId, cleoId)) === 'onboarded', 30_000)).toBe(true);
    await context.close();
    process.stdout.write(`seed 000: SMS sent by the sandbox → code on screen in the open dialog: ${latencies.map((l) => `${l} ms`).join(', ')}\n`);
  });
});
