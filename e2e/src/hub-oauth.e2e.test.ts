import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTikTokConnector } from '../../server/src/connectors/tiktok/connector.ts';
import { FakeTikTok } from '../../server/src/connectors/tiktok/fake-api.ts';
import { tiktokPortalPage } from '../../server/src/connectors/tiktok/fake-web.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { useBrowserApp } from './harness.ts';

/**
 * Spec §5.4 in the browser: an Owner connects a TikTok Business Center hub with "Authorise with
 * TikTok". The browser leaves for TikTok's authorisation page (the strict local fake's
 * /portal/auth), comes back to Latchkey's callback, and lands on the new hub, which validates and
 * syncs live. Saying "Deny" first brings them back to Business hubs with the reason in words.
 */

const pid = process.pid;
const ownerEmail = `olga.${pid}@tiktok.test`;
const memberInBc = `tara.${pid}@agency.test`;
const bcId = '7000555000111';
const appId = `tt-app-${pid}`;
const appSecret = `tt-secret-${pid}`;

const tiktok = new FakeTikTok();
beforeAll(async () => {
  await tiktok.start();
  tiktok.apps.set(appId, appSecret);
  tiktok.addBc(bcId, 'Acme Business Center', 'ADMIN', ['adv1']);
  tiktok.addMember(bcId, ownerEmail, 'ADMIN');
  tiktok.addMember(bcId, memberInBc, 'STANDARD');
});
afterAll(() => tiktok.stop());

const getApp = useBrowserApp(() => ({
  connectors: [createTikTokConnector({ baseUrl: tiktok.url, timeoutMs: 10_000 })],
  hubOAuth: { pinterest: null, tiktok: { authorizeUrl: `${new URL(tiktok.url).origin}/portal/auth`, apiUrl: tiktok.url, appId, appSecret } },
}));

/** Set LATCHKEY_SCREENSHOTS=docs/images to refresh the screenshots in the docs from this flow. */
const snap = screenshots('hub-oauth');

/** The wizard up to its last step, for TikTok. */
async function fillWizard(page: Page, firstTime: boolean): Promise<ReturnType<Page['getByRole']>> {
  const wizard = page.getByRole('dialog', { name: 'Connect Business Hub' });
  if (firstTime) {
    await wizard.getByLabel('Don’t show this again').check();
    await wizard.getByRole('button', { name: 'Get started' }).click();
  }
  await wizard.getByRole('radio', { name: 'TikTok Business Center' }).click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Label in Latchkey').fill('Acme – TikTok');
  await wizard.getByLabel('Business ID').fill(bcId);
  await wizard.getByRole('button', { name: 'Next' }).click();
  return wizard;
}

describe('connecting a TikTok hub through TikTok’s authorisation page', () => {
  it('Deny comes back with the reason in words; Allow lands on the new hub, which validates and syncs', async () => {
    const t = getApp();
    tiktok.web.push(tiktokPortalPage(tiktok, { redirectUris: [`${t.baseUrl}/api/v1/oauth/callback/tiktok`], userName: 'Olga Owner' }));
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const { context, page } = await t.newPage();
    await signIn(page, ownerEmail);
    const tiktokOrigin = new URL(tiktok.url).origin;

    await page.getByRole('navigation').getByRole('link', { name: 'Business hubs' }).click();
    await page.getByRole('button', { name: 'Connect Business Hub' }).click();
    let wizard = await fillWizard(page, true);

    // Both ways are offered: authorise (the default), or paste a token.
    await wizard.getByRole('button', { name: 'Paste an access token instead' }).click();
    await wizard.getByLabel('TikTok authorisation', { exact: true }).waitFor();
    await wizard.getByRole('button', { name: 'Authorise with TikTok instead' }).click();
    await wizard.getByLabel('Account label').fill('TikTok automation');
    await snap(page, 'authorise');

    // First the Owner changes their mind on TikTok's page.
    await wizard.getByRole('button', { name: 'Authorise with TikTok' }).click();
    await page.waitForURL(`${tiktokOrigin}/portal/auth?**`);
    await page.getByRole('heading', { name: 'App Authorization' }).waitFor();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(/\/hubs\?oauthError=denied&app=tiktok$/);
    const refusal = page.getByRole('alert').filter({ hasText: 'TikTok did not authorise Latchkey' });
    await refusal.getByText('TikTok did not authorise Latchkey: the request was declined on TikTok’s page. Try again and choose Allow', { exact: false }).waitFor();
    expect(await t.database.pool.query('select 1 from hubs').then((r) => r.rowCount)).toBe(0);
    await snap(page, 'denied');

    // "Try again" reopens the wizard; this time they allow.
    await refusal.getByRole('button', { name: 'Try again' }).click();
    wizard = await fillWizard(page, false);
    await wizard.getByLabel('Account label').fill('TikTok automation');
    await wizard.getByRole('button', { name: 'Authorise with TikTok' }).click();
    await page.waitForURL(`${tiktokOrigin}/portal/auth?**`);
    const authorizeUrl = new URL(page.url());
    expect(authorizeUrl.searchParams.get('app_id')).toBe(appId);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${t.baseUrl}/api/v1/oauth/callback/tiktok`);
    await snap(page, 'portal');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(/\/hubs\/[0-9a-f-]{36}$/);
    const hubId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('Business hub connected').waitFor();
    await page.getByRole('heading', { name: 'Acme – TikTok' }).waitFor();
    // Validation and the first sync arrive over the job stream.
    await page.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('row', { name: new RegExp(memberInBc.replace(/\./g, '\\.')) }).waitFor();
    await snap(page, 'hub');

    // The token TikTok issued is the hub's credential, in the Owner's vault.
    const hub = (await (await context.request.get(`/api/v1/hubs/${hubId}`)).json()) as { serviceCredentialId: string; health: string };
    const secret = await context.request.post(`/api/v1/accounts/${hub.serviceCredentialId}/password/retrieve`, { data: { purpose: 'show' } });
    expect(secret.status()).toBe(200);
    expect(tiktok.tokens.has(((await secret.json()) as { password: string }).password)).toBe(true);
    const account = (await (await context.request.get(`/api/v1/accounts/${hub.serviceCredentialId}`)).json()) as { label: string };
    expect(account.label).toBe('TikTok automation');
    await context.close();
  });
});
