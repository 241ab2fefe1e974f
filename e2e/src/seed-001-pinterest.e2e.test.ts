import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinterestConnector } from '../../server/src/connectors/pinterest/connector.ts';
import { FakePinterest } from '../../server/src/connectors/pinterest/fake-api.ts';
import { attachPinterestInvites, type PinterestInvites } from '../../server/src/connectors/pinterest/fake-web.ts';
import { useBrowserApp } from './harness.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { addMember, connectHub, hubMemberState, identityIn, linkInMail, managedOption, until, useSmtpSink } from './join-kit.ts';

/**
 * Seed 001 ("Join Pinterest Business and connect user account to Latchkey", spec §5.11) in the
 * browser, against the strict local Pinterest: an Owner connects a Pinterest hub and shares it
 * with an ad-account grant; the invitee's card says "Connect your account"; Pinterest's invite
 * e-mail (real SMTP) opens the fake Pinterest, where they create their account with the password
 * Latchkey generated, or log in to the one they have, and accept; back in Latchkey they add the
 * account. The Owner then sees them onboarded, and Pinterest shows their ad-account access.
 */

const pid = process.pid;
const businessId = '5497558138';
const adAccount = '549755885175';
const serviceToken = `pina_e2e_${pid}`;
const hubLabel = 'Acme Pins';
const cardName = `Pinterest Business – ${hubLabel}`;
const ownerEmail = `olga.${pid}@pins.test`;
const miaEmail = `mia.${pid}@pins.test`;
const nedEmail = `ned.${pid}@pins.test`;
const nedPinterestPassword = `Ned-Pins-${pid}`;
const inviteLink = /http:\/\/127\.0\.0\.1:\d+\/business\/invite\/\?token=[\w-]+/;
const snap = screenshots('join-pinterest', 960);

const smtp = useSmtpSink();
const pinterest = new FakePinterest();
let invites: PinterestInvites;
beforeAll(async () => {
  await pinterest.start();
  pinterest.accessTokens.add(serviceToken);
  pinterest.addBusiness(businessId, [adAccount]);
  pinterest.addMember(businessId, ownerEmail, 'BIZ_ADMIN');
  invites = attachPinterestInvites(pinterest, { smtpUrl: smtp().url, businessNames: { [businessId]: hubLabel } });
});
afterAll(async () => {
  await invites?.mailer.idle();
  await pinterest.stop();
});
const getApp = useBrowserApp(() => ({
  connectors: [createPinterestConnector({ baseUrl: pinterest.url, timeoutMs: 10_000 })],
  // Pinterest needs a phone for its codes, so the managed identity gets a number from the local range.
  messaging: { webhookAuthToken: 'e2e-twilio-auth-token-pinterest' },
}));

/** Pinterest's view of a person: member or not, role, and permissions per ad account. */
function inPinterest(email: string): { role: string; assets: Record<string, string[]> } | undefined {
  const m = [...pinterest.businesses.get(businessId)!.members.values()].find((x) => x.user.email === email);
  return m ? { role: m.role, assets: Object.fromEntries(m.assets) } : undefined;
}

/** The share wizard on the hub page: one person, Collaborator, Employee, partial access to the ad account. */
async function shareWithAdAccount(page: Page, who: string): Promise<void> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const wizard = page.getByRole('dialog', { name: `Share ${hubLabel}` });
  const picker = wizard.getByRole('combobox', { name: 'Share with' });
  await picker.click();
  await picker.fill(who.split(' ')[0]!);
  await page.getByRole('option', { name: new RegExp(`^${who}`) }).click();
  await picker.press('Tab');
  await wizard.getByRole('radio', { name: 'Collaborator' }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  expect(await wizard.getByRole('radio', { name: 'Invite user to Pinterest Business' }).isChecked()).toBe(true);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('radiogroup', { name: 'Business role' }).waitFor();
  expect(await wizard.getByRole('radio', { name: 'Employee' }).isChecked()).toBe(true);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('tab', { name: /Ad accounts/ }).waitFor();
  await wizard.getByRole('checkbox', { name: `Ad account ${adAccount}` }).check();
  await wizard.getByRole('radio', { name: 'Partial access' }).check();
  await wizard.getByRole('checkbox', { name: 'Campaign manager' }).check();
  await snap(page, 'share-assets');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('radiogroup', { name: 'Access expires' }).waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('table', { name: 'Changes per person' }).getByText('Invite to Pinterest Business as Employee').waitFor();
  await wizard.getByRole('button', { name: 'Share', exact: true }).click();
  await wizard.getByText('Shared with 1 person').waitFor();
  await wizard.getByRole('button', { name: 'Done' }).click();
}

describe('seed 001: join Pinterest Business and connect the account to Latchkey', () => {
  let owner: BrowserContext;
  let ownerPage: Page;
  let hubId = '';

  it('an invitee creates their Pinterest account from the invite e-mail with the managed identity, joins, and connects it; the ad account follows', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    ({ context: owner, page: ownerPage } = await t.newPage());
    await signIn(ownerPage, ownerEmail);
    const miaId = await addMember(t, owner, miaEmail, 'Mia', 'Member');

    // The Owner's hub (a pasted Pinterest token), then "Share" with Mia and the ad account.
    hubId = await connectHub(owner, { appKey: 'pinterest', label: hubLabel, businessId, token: serviceToken });
    await ownerPage.goto(`/hubs/${hubId}`);
    await ownerPage.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });
    await shareWithAdAccount(ownerPage, 'Mia Member');

    // Mia's card says "Connect your account" at once; Pinterest's own invite e-mail arrives.
    const { context, page } = await t.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await signIn(page, miaEmail);
    const card = page.getByRole('article', { name: cardName });
    await card.getByTestId('card-status').getByText('Connect your account').waitFor();
    const mail = await linkInMail(smtp(), miaEmail, inviteLink);
    expect(mail.subject).toBe(`${hubLabel} invited you to join their business on Pinterest`);
    expect(inPinterest(miaEmail)).toBeUndefined();
    await page.reload();
    await card.getByText('Check your email for the invite from Pinterest Business').waitFor();
    await snap(page, 'card');

    // "Connect your account" → the Latchkey-managed identity → "Create Pinterest Business account".
    await card.getByRole('button', { name: 'Pinterest Business' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect your account' });
    await connect.getByRole('radio', { name: managedOption }).check();
    await connect.getByRole('button', { name: 'Next' }).click();
    const create = page.getByRole('dialog', { name: 'Create Pinterest Business account' });
    const identity = await identityIn(create);
    expect(identity.email).toBe(miaEmail);
    expect(identity.phone).toMatch(/^\+1555010\d{4}$/);
    await create.getByRole('button', { name: 'Copy password' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(identity.password);
    await snap(page, 'create');

    // The invite e-mail's link, in another tab: Pinterest asks for an account first, and holds it to its password rule.
    const app = await context.newPage();
    await app.goto(mail.link);
    await app.getByRole('heading', { name: `Join ${hubLabel}` }).waitFor();
    expect(await app.getByLabel('Email').inputValue()).toBe(miaEmail);
    expect(await app.getByLabel('Email').getAttribute('readonly')).not.toBeNull();
    await snap(app, 'signup');
    await app.getByLabel('Password').fill('password');
    await app.getByRole('button', { name: 'Create account' }).click();
    await app.getByRole('alert').getByText(/needs at least one character from/).first().waitFor();
    expect(invites.accounts.find(miaEmail)).toBeUndefined();
    await app.getByLabel('Password').fill(copied);
    await app.getByRole('button', { name: 'Create account' }).click();
    await app.getByRole('button', { name: 'Accept' }).click();
    await app.getByRole('status').getByText(`You’re now a member of ${hubLabel} on Pinterest Business.`).waitFor();
    await snap(app, 'joined');
    expect(invites.accounts.find(miaEmail)?.password).toBe(identity.password);
    expect(inPinterest(miaEmail)?.role).toBe('EMPLOYEE');

    // Back in the dialog left open: Next → "Add your account to Latchkey" → "Add account".
    await create.getByRole('button', { name: 'Next' }).click();
    const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
    expect(await add.getByLabel('Account label in Latchkey').inputValue()).toBe('Pinterest Business – Mia');
    expect(await add.getByLabel('Email').inputValue()).toBe(miaEmail);
    await add.getByRole('button', { name: 'Add account' }).click();
    const done = page.getByRole('dialog', { name: 'Account connected' });
    await done.getByText('Your Pinterest Business account is connected to Latchkey.').waitFor();
    await snap(page, 'success');
    await done.getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();

    // The Owner sees Mia onboarded, and Pinterest shows her access to the ad account chosen at share time.
    await until('Mia to be onboarded', async () => (await hubMemberState(owner, hubId, miaId)) === 'onboarded', 30_000);
    await until('the ad-account access in Pinterest', () => inPinterest(miaEmail)?.assets[adAccount]?.includes('CAMPAIGN_MANAGER'), 30_000);
    expect(inPinterest(miaEmail)).toEqual({ role: 'EMPLOYEE', assets: { [adAccount]: ['CAMPAIGN_MANAGER'] } });
    await ownerPage.reload();
    await ownerPage.getByRole('tab', { name: 'Onboarded' }).click();
    await ownerPage.getByRole('row').filter({ hasText: miaEmail }).getByText('Onboarded', { exact: true }).waitFor();
    await snap(ownerPage, 'owner-onboarded');
    await context.close();
  });

  it('an invitee who already has a Pinterest account logs in from the invite, joins, and connects it', async () => {
    const t = getApp();
    const nedId = await addMember(t, owner, nedEmail, 'Ned', 'Newcomer');
    invites.addAccount(nedEmail, 'Ned', nedPinterestPassword);
    const assets = (await (await owner.request.get(`/api/v1/hubs/${hubId}/assets`)).json()) as { data: { id: string; externalId: string }[] };
    const asset = assets.data.find((a) => a.externalId === adAccount)!;
    const shared = await owner.request.post(`/api/v1/hubs/${hubId}/shares`, { data: { subjects: [{ type: 'user', id: nedId }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: asset.id, access: 'full' }] } });
    expect(shared.status(), await shared.text()).toBe(200);

    // The invite e-mail opens Pinterest, which knows the address: log in, then "Accept".
    const { link } = await linkInMail(smtp(), nedEmail, inviteLink);
    const { context, page } = await t.newPage();
    const app = await context.newPage();
    await app.goto(link);
    await app.getByLabel('Password').fill('not-his-password');
    await app.getByRole('button', { name: 'Log in' }).click();
    await app.getByRole('alert').getByText('The password you entered is incorrect.').waitFor();
    await app.getByLabel('Password').fill(nedPinterestPassword);
    await app.getByRole('button', { name: 'Log in' }).click();
    await app.getByRole('button', { name: 'Accept' }).click();
    await app.getByRole('status').waitFor();
    expect(inPinterest(nedEmail)?.role).toBe('EMPLOYEE');

    // Latchkey: the card → "I already have a Pinterest Business account" → "Connect account".
    await signIn(page, nedEmail);
    const card = page.getByRole('article', { name: cardName });
    await card.getByRole('button', { name: 'Connect', exact: true }).click();
    const connect = page.getByRole('dialog', { name: 'Connect your account' });
    await connect.getByRole('radio', { name: 'I already have a Pinterest Business account and want to add it to Latchkey' }).check();
    await connect.getByRole('button', { name: 'Next' }).click();
    const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
    expect(await add.getByLabel('Email').inputValue()).toBe(nedEmail);
    await add.getByLabel('Current password').fill(nedPinterestPassword);
    await add.getByRole('button', { name: 'Connect account' }).click();
    await page.getByRole('dialog', { name: 'Account connected' }).getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();

    await until('Ned to be onboarded', async () => (await hubMemberState(owner, hubId, nedId)) === 'onboarded', 30_000);
    await until('full access to the ad account in Pinterest', () => inPinterest(nedEmail)?.assets[adAccount]?.includes('ADMIN'), 30_000);
    await context.close();
  });
});
