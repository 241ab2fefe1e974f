import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaConnector } from '../../server/src/connectors/meta/connector.ts';
import { FakeGraph } from '../../server/src/connectors/meta/fake-api.ts';
import { attachMetaWeb, type MetaWeb } from '../../server/src/connectors/meta/fake-web.ts';
import { useBrowserApp } from './harness.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { addMember, connectHub, hubMemberState, linkInMail, until, useSmtpSink } from './join-kit.ts';

/**
 * Seed 002 ("Join Meta Business Manager and connect your profile and account", spec §5.12) in the
 * browser, against the strict local Graph and its Facebook pages: an Owner shares a Meta hub with
 * an ad account and a page; the invitee accepts Meta's invitation from the e-mail (creating their
 * Facebook profile there), then in Latchkey "Connect your Facebook profile" → "Continue with
 * Facebook" → "Continue as <name>" on Facebook Login; the assets chosen at share time are assigned
 * in the business after the profile is bound; "Connect your Facebook account" connects the login.
 * And someone who logs in with Facebook before accepting is told to accept the invite first.
 */

const pid = process.pid;
const businessId = '1234567890123';
const businessName = 'Acme Social';
const appId = '987654321012345';
const appSecret = `meta-app-secret-${pid}`;
const systemUserToken = `EAAsystem${pid}`;
const hubLabel = 'Acme Meta';
const cardName = `Meta Business – ${hubLabel}`;
const ownerEmail = `olga.${pid}@meta.test`;
const miaEmail = `mia.${pid}@meta.test`;
const nedEmail = `ned.${pid}@meta.test`;
const miaFacebookPassword = `Mia-Fb-${pid}!`;
const nedFacebookPassword = `Ned-Fb-${pid}!`;
const inviteLink = /http:\/\/127\.0\.0\.1:\d+\/invitation\/\?token=\d+/;
const snap = screenshots('join-meta', 960);

const smtp = useSmtpSink();
const graph = new FakeGraph();
let facebook: MetaWeb;
let adAccount = '';
let fbPage = '';
beforeAll(async () => {
  await graph.start();
  graph.tokens.add(systemUserToken);
  graph.apps.set(appId, appSecret);
  graph.addBusiness(businessId, businessName);
  graph.addUser(businessId, ownerEmail, 'ADMIN');
  adAccount = graph.addAsset(businessId, 'ad_account', 'Brand ads').id;
  fbPage = graph.addAsset(businessId, 'page', 'Acme page').id;
  facebook = attachMetaWeb(graph, { smtpUrl: smtp().url, appName: 'Latchkey' });
});
afterAll(async () => {
  await facebook?.mailer.idle();
  await graph.stop();
});
const getApp = useBrowserApp(() => ({
  connectors: [createMetaConnector({ graphUrl: graph.url, version: graph.version, timeoutMs: 10_000 })],
  facebookLogin: { oauthUrl: graph.url, graphUrl: graph.url, version: graph.version, appSecret },
}));

/** The business user with this e-mail, and the tasks they hold per asset. */
function inBusiness(email: string): { id: string; name: string; assets: Record<string, string[]> } | undefined {
  const b = graph.businesses.get(businessId)!;
  const u = [...b.users.values()].find((x) => x.email === email);
  if (!u) return undefined;
  const assets: Record<string, string[]> = {};
  for (const a of b.assets.values()) {
    const tasks = a.assigned.get(u.id);
    if (tasks) assets[a.id] = tasks;
  }
  return { id: u.id, name: u.name, assets };
}

/** Shares the hub with one member: Collaborator, Partial access (EMPLOYEE), ANALYZE on the ad account and full access to the page. */
async function share(owner: BrowserContext, hubId: string, memberId: string): Promise<void> {
  const assets = (await (await owner.request.get(`/api/v1/hubs/${hubId}/assets`)).json()) as { data: { id: string; externalId: string }[] };
  const id = (externalId: string): string => assets.data.find((a) => a.externalId === externalId)!.id;
  const shared = await owner.request.post(`/api/v1/hubs/${hubId}/shares`, {
    data: { subjects: [{ type: 'user', id: memberId }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: id(adAccount), access: 'partial', permissions: ['ANALYZE'] }, { assetId: id(fbPage), access: 'full' }] },
  });
  expect(shared.status(), await shared.text()).toBe(200);
}

/** "Connect your Facebook account" with the e-mail and password of the Facebook login. */
async function connectExisting(page: Page, email: string, password: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Connect your Facebook account' });
  await dialog.getByRole('radio', { name: 'I already have a Meta Business account and want to add it to Latchkey' }).check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
  expect(await add.getByLabel('Email').inputValue()).toBe(email);
  await add.getByLabel('Current password').fill(password);
  await add.getByRole('button', { name: 'Connect account' }).click();
  const done = page.getByRole('dialog', { name: 'Account connected' });
  await done.getByText('Your Meta Business account is connected to Latchkey.').waitFor();
  await snap(page, 'success');
  await done.getByRole('button', { name: 'Done' }).click();
}

describe('seed 002: join Meta Business Manager and connect the Facebook profile and account', () => {
  let owner: BrowserContext;
  let hubId = '';

  it('an invitee accepts from the e-mail, connects the Facebook profile, gets the assets chosen at share time, and connects the account', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const o = await t.newPage();
    owner = o.context;
    await signIn(o.page, ownerEmail);
    const miaId = await addMember(t, owner, miaEmail, 'Mia', 'Member');
    hubId = await connectHub(owner, { appKey: 'meta', label: hubLabel, businessId, token: systemUserToken, connectFields: { app_id: appId } });
    await share(owner, hubId, miaId);

    // Mia's card says "Connect your account"; Meta's invitation e-mail arrives.
    const { context, page } = await t.newPage();
    await signIn(page, miaEmail);
    const card = page.getByRole('article', { name: cardName });
    await card.getByTestId('card-status').getByText('Connect your account').waitFor();
    const mail = await linkInMail(smtp(), miaEmail, inviteLink);
    expect(mail.subject).toBe(`${businessName} invited you to join their business portfolio`);
    await snap(page, 'card');

    // The invitation, in another tab: she creates her Facebook profile there, then accepts.
    const meta = await context.newPage();
    await meta.goto(mail.link);
    await meta.getByRole('heading', { name: `Join ${businessName}` }).waitFor();
    expect(await meta.getByLabel('Email').inputValue()).toBe(miaEmail);
    await meta.getByLabel('Facebook profile name').fill('Mia Member');
    await meta.getByLabel('Password').fill(miaFacebookPassword);
    await snap(meta, 'signup');
    await meta.getByRole('button', { name: 'Create account' }).click();
    await meta.getByText('You’ll join as Mia Member').waitFor();
    await meta.getByRole('button', { name: 'Accept invitation' }).click();
    await meta.getByRole('status').getByText(`You’re now part of ${businessName} on Meta Business Manager as Mia Member.`).waitFor();
    expect(inBusiness(miaEmail)).toMatchObject({ name: 'Mia Member', assets: {} });
    await meta.close();

    // Latchkey: the card opens "Connect your Facebook profile"; Facebook Login knows her from the invitation.
    await card.getByRole('button', { name: 'Meta Business' }).click();
    const step = page.getByRole('dialog', { name: 'Connect your Facebook profile' });
    await step.getByText(`Log in to Facebook with the profile that joined ${businessName}`).waitFor();
    await snap(page, 'profile-step');
    await step.getByRole('button', { name: 'Continue with Facebook' }).click();
    await page.waitForURL(`${graph.url}/${graph.version}/dialog/oauth?**`);
    await snap(page, 'facebook-login');
    await page.getByRole('button', { name: 'Continue as Mia Member' }).click();

    // Back in Latchkey with the dialog reopened: the profile is bound and the share's assets are assigned in the business.
    await page.waitForURL(`${t.baseUrl}/accounts**`);
    const connect = page.getByRole('dialog', { name: 'Connect your Facebook account' });
    expect(await connect.getByTestId('profile-name').textContent()).toBe('Mia Member');
    await connect.getByText('✓ Access to your 2 assets is set up.').waitFor({ timeout: 30_000 });
    expect(inBusiness(miaEmail)?.assets).toEqual({ [adAccount]: ['ANALYZE'], [fbPage]: expect.arrayContaining(['MANAGE']) });
    await snap(page, 'assets-done');

    // "Connect your Facebook account" with her Facebook login; the Owner sees her onboarded.
    await connectExisting(page, miaEmail, miaFacebookPassword);
    await card.getByTestId('card-status').getByText('Connected').waitFor();
    await until('Mia to be onboarded', async () => (await hubMemberState(owner, hubId, miaId)) === 'onboarded', 30_000);
    await context.close();
  });

  it('a profile that has not accepted yet is told to accept the invite from Meta first; after accepting, the assets follow', async () => {
    const t = getApp();
    const nedId = await addMember(t, owner, nedEmail, 'Ned', 'Newcomer');
    facebook.addProfile(nedEmail, 'Ned Newcomer', nedFacebookPassword);
    await share(owner, hubId, nedId);
    const { link } = await linkInMail(smtp(), nedEmail, inviteLink);

    // Ned goes to Latchkey first and logs in to Facebook on its dialog.
    const { context, page } = await t.newPage();
    await signIn(page, nedEmail);
    const card = page.getByRole('article', { name: cardName });
    await card.getByRole('button', { name: 'Meta Business' }).click();
    await page.getByRole('dialog', { name: 'Connect your Facebook profile' }).getByRole('button', { name: 'Continue with Facebook' }).click();
    await page.getByRole('heading', { name: 'Log in to Facebook' }).waitFor();
    await page.getByLabel('Email').fill(nedEmail);
    await page.getByLabel('Password').fill(nedFacebookPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back in Latchkey the dialog reopens, which is a card click too: wait until the checks it may start are done.
    const reopened = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/me\/cards\/[\w-]+\/open$/.test(r.url()));
    await page.getByRole('button', { name: 'Continue as Ned Newcomer' }).click();
    await page.waitForURL(`${t.baseUrl}/accounts**`);
    await reopened;
    await until('the check for Ned in the business to finish', async () => {
      const cards = (await (await context.request.get('/api/v1/me/cards')).json()) as { data: { assetSetup: string; profileName: string | null }[] };
      return cards.data[0]?.profileName === 'Ned Newcomer' && cards.data[0].assetSetup !== 'running';
    }, 30_000);

    // The profile is bound, but Meta does not list him in the business: nothing is assigned.
    const dialog = page.getByRole('dialog', { name: /Connect your Facebook/ });
    await dialog.getByText(`We couldn't find your profile in ${businessName} yet. Accept the invite from Meta first.`).waitFor({ timeout: 30_000 });
    await snap(page, 'not-in-business');
    expect(inBusiness(nedEmail)).toBeUndefined();

    // He accepts from the e-mail (already logged in to Facebook), then tries again in Latchkey.
    const meta = await context.newPage();
    await meta.goto(link);
    await meta.getByText('You’ll join as Ned Newcomer').waitFor();
    await meta.getByRole('button', { name: 'Accept invitation' }).click();
    await meta.getByRole('status').waitFor();
    await meta.close();
    expect(inBusiness(nedEmail)?.assets).toEqual({});
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Continue as Ned Newcomer' }).click();
    await page.waitForURL(`${t.baseUrl}/accounts**`);
    const connect = page.getByRole('dialog', { name: 'Connect your Facebook account' });
    await connect.getByText('✓ Access to your 2 assets is set up.').waitFor({ timeout: 30_000 });
    expect(inBusiness(nedEmail)?.assets).toEqual({ [adAccount]: ['ANALYZE'], [fbPage]: expect.arrayContaining(['MANAGE']) });
    await connectExisting(page, nedEmail, nedFacebookPassword);
    await until('Ned to be onboarded', async () => (await hubMemberState(owner, hubId, nedId)) === 'onboarded', 30_000);
    await context.close();
  });
});
