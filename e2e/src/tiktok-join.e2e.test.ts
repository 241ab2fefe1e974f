import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTikTokConnector } from '../../server/src/connectors/tiktok/connector.ts';
import { FakeTikTok } from '../../server/src/connectors/tiktok/fake-api.ts';
import { attachTikTokInvites, type TikTokInvites } from '../../server/src/connectors/tiktok/fake-web.ts';
import { useBrowserApp } from './harness.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { addMember, connectHub, hubMemberState, linkInMail, until, useSmtpSink } from './join-kit.ts';

/**
 * Joining TikTok Business Center (spec §5.13) in the browser, against the strict local TikTok: the
 * Owner shares a hub with one advertiser (it rides on TikTok's invitation) and adds a second one
 * while the invitation is pending; the invitee accepts from TikTok's e-mail ("Accept", a name for
 * the Business Center, "Join"). Nothing more reaches TikTok until their first click on the card,
 * which shows "Setting up access to <n> assets…" and assigns the advertiser; then they connect
 * the account and are onboarded.
 */

const pid = process.pid;
const bcId = '7300000000000000001';
const bcName = 'Acme TT';
const brandAds = '7100000000000000011';
const launchAds = '7100000000000000022';
const serviceToken = `tt_e2e_${pid}`;
const hubLabel = 'Acme TikTok';
const cardName = `TikTok Business Center – ${hubLabel}`;
const ownerEmail = `olga.${pid}@tt.test`;
const tiaEmail = `tia.${pid}@tt.test`;
const tiaTikTokPassword = `Tia-Tt-${pid}!`;
const inviteLink = /http:\/\/127\.0\.0\.1:\d+\/bc\/invitation\/\?token=[\w-]+/;
const snap = screenshots('join-tiktok', 960);

const smtp = useSmtpSink();
const tiktok = new FakeTikTok();
let invites: TikTokInvites;
beforeAll(async () => {
  await tiktok.start();
  tiktok.tokens.add(serviceToken);
  tiktok.addBc(bcId, bcName, 'ADMIN', [brandAds, launchAds]);
  tiktok.addMember(bcId, ownerEmail, 'ADMIN');
  invites = attachTikTokInvites(tiktok, { smtpUrl: smtp().url });
});
afterAll(async () => {
  await invites?.mailer.idle();
  await tiktok.stop();
});
const getApp = useBrowserApp(() => ({ connectors: [createTikTokConnector({ baseUrl: tiktok.url, timeoutMs: 10_000 })] }));

/** Advertiser grants made in TikTok for this user (`/bc/asset/assign/`), in order. */
const assignCalls = (userId: string): { asset_id: unknown; advertiser_role: unknown }[] =>
  tiktok.requests.filter((r) => r.path === '/bc/asset/assign/' && r.params.user_id === userId).map((r) => ({ asset_id: r.params.asset_id, advertiser_role: r.params.advertiser_role }));

/** Records, in the page, every asset-setup text the dialog shows, so a short "Setting up…" is not missed. */
async function recordAssetSetup(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __assetSetup?: string[] };
    w.__assetSetup = [];
    const note = (): void => {
      for (const el of document.querySelectorAll('[data-testid="asset-setup"]')) {
        const text = `${el.getAttribute('data-state')}: ${el.textContent ?? ''}`;
        if (!w.__assetSetup!.includes(text)) w.__assetSetup!.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe('TikTok Business Center: join from the invitation, assets on the first card click', () => {
  it('the invitee accepts and joins in TikTok; the first card click sets up the advertiser; then they connect the account', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const o = await t.newPage();
    await signIn(o.page, ownerEmail);
    const owner = o.context;
    const tiaId = await addMember(t, owner, tiaEmail, 'Tia', 'Trafficker');
    const hubId = await connectHub(owner, { appKey: 'tiktok', label: hubLabel, businessId: bcId, token: serviceToken });
    const assets = (await (await owner.request.get(`/api/v1/hubs/${hubId}/assets`)).json()) as { data: { id: string; externalId: string }[] };
    const asset = (externalId: string): string => assets.data.find((a) => a.externalId === externalId)!.id;

    // Shared with one advertiser: TikTok's invitation carries it.
    const shared = await owner.request.post(`/api/v1/hubs/${hubId}/shares`, { data: { subjects: [{ type: 'user', id: tiaId }], role: 'collaborator', appRoleKeys: ['STANDARD'], assetGrants: [{ assetId: asset(brandAds), access: 'partial', permissions: ['ANALYST'] }] } });
    expect(shared.status(), await shared.text()).toBe(200);
    const hubMemberId = ((await shared.json()) as { rows: { hubMemberId: string }[] }).rows[0]!.hubMemberId;
    const { link, subject } = await linkInMail(smtp(), tiaEmail, inviteLink);
    expect(subject).toBe(`You're invited to join ${bcName} on TikTok Business Center`);
    await until('the invitation to be pending in Latchkey', async () => (await hubMemberState(owner, hubId, tiaId)) === 'pending_invite_claim');
    const invited = tiktok.member(bcId, tiaEmail)!;
    expect(invited.relation_status).toBe('PENDING');

    // While the invitation is pending, the Owner adds a second advertiser; TikTok cannot change a sent invitation.
    const updated = await owner.request.patch(`/api/v1/hubs/${hubId}/members/${hubMemberId}`, { data: { appRoleKeys: ['STANDARD'], assetGrants: [{ assetId: asset(brandAds), access: 'partial', permissions: ['ANALYST'] }, { assetId: asset(launchAds), access: 'full' }] } });
    expect(updated.status(), await updated.text()).toBe(200);

    // TikTok's e-mail: sign up, "Accept", a name for the Business Center, "Join".
    const { context, page } = await t.newPage();
    const app = await context.newPage();
    await app.goto(link);
    await app.getByRole('heading', { name: `Join ${bcName}` }).waitFor();
    expect(await app.getByLabel('Email').inputValue()).toBe(tiaEmail);
    await app.getByLabel('Name', { exact: true }).fill('Tia Trafficker');
    await app.getByLabel('Password').fill('tooshort');
    await app.getByRole('button', { name: 'Create account' }).click();
    await app.getByRole('alert').waitFor();
    await app.getByLabel('Password').fill(tiaTikTokPassword);
    await app.getByRole('button', { name: 'Create account' }).click();
    await snap(app, 'accept');
    await app.getByRole('button', { name: 'Accept' }).click();
    const rename = app.getByLabel('Your name in this Business Center');
    expect(await rename.inputValue()).toBe('Tia Trafficker');
    await rename.fill('Tia (media buying)');
    await snap(app, 'join');
    await app.getByRole('button', { name: 'Join' }).click();
    await app.getByRole('status').getByText('Welcome to Acme TT, Tia (media buying).').waitFor();
    expect(tiktok.member(bcId, tiaEmail)).toMatchObject({ relation_status: 'BOUND', user_name: 'Tia (media buying)' });
    await app.close();

    // Until the first card click, Latchkey gives TikTok nothing more; then the dialog shows the setup and the advertiser is assigned.
    await signIn(page, tiaEmail);
    const card = page.getByRole('article', { name: cardName });
    await card.getByTestId('card-status').getByText('Connect your account').waitFor();
    expect(assignCalls(invited.user_id)).toEqual([]);
    // What Latchkey last saw of her in TikTok decides the count: both grants, or one once a sync saw the invitation's advertiser.
    const before = ((await (await context.request.get('/api/v1/me/cards')).json()) as { data: { assetsPending: number; assetsTotal: number }[] }).data[0]!;
    expect(before.assetsTotal).toBe(2);
    const pending = before.assetsPending;
    expect(pending).toBeGreaterThan(0);
    await recordAssetSetup(page);
    await card.getByRole('button', { name: 'TikTok Business Center' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect your account' });
    await dialog.getByTestId('asset-setup').and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
    const seen = (await page.evaluate(() => (window as unknown as { __assetSetup?: string[] }).__assetSetup)) ?? [];
    expect(seen, JSON.stringify(seen)).toContain(`running: Setting up access to ${pending === 1 ? '1 asset' : `${pending} assets`}…`);
    expect(await dialog.getByTestId('asset-setup').textContent()).toBe('✓ Access to your 2 assets is set up.');
    await snap(page, 'assets-done');
    expect(assignCalls(invited.user_id)).toContainEqual({ asset_id: launchAds, advertiser_role: 'ADMIN' });
    expect(Object.fromEntries(tiktok.member(bcId, tiaEmail)!.advertisers)).toEqual({ [brandAds]: 'ANALYST', [launchAds]: 'ADMIN' });

    // Then the account: she already made it in TikTok, so "I already have a TikTok Business Center account".
    await dialog.getByRole('radio', { name: 'I already have a TikTok Business Center account and want to add it to Latchkey' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    const add = page.getByRole('dialog', { name: 'Add your account to Latchkey' });
    await add.getByLabel('Current password').fill(tiaTikTokPassword);
    await add.getByRole('button', { name: 'Connect account' }).click();
    await page.getByRole('dialog', { name: 'Account connected' }).getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('card-status').getByText('Connected').waitFor();
    await until('Tia to be onboarded', async () => (await hubMemberState(owner, hubId, tiaId)) === 'onboarded', 30_000);
    await context.close();
  });
});
