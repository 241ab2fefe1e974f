import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appMember, fakeConnector, fakeSpace } from '../../server/test/fakes/fake-connector.ts';
import { invitationToken, screenshots, signIn, signInPassword } from './browser-kit.ts';
import { useBrowserApp } from './harness.ts';

/**
 * Issue 5 in the browser: an Owner connects a hub through the wizard with a new service token,
 * watches it turn Healthy without reloading (the job stream), sorts out the Users tab (exempt,
 * match, remove), has a sync halted by the 20 % safeguard, reviews it and applies it anyway, and
 * finds every job with its chip on the Automation page. The app side is the in-memory fake
 * connector, so the test controls exactly who is in the space.
 */

const pid = process.pid;
const ownerEmail = `olga.${pid}@acme.test`;
const email = (name: string): string => `${name}.${pid}@acme.test`;
const contractor = `contractor.${pid}@agency.test`;
const danaInApp = `dana.personal.${pid}@mail.test`;
const strangers = [1, 2, 3, 4].map((n) => `stranger${n}.${pid}@elsewhere.test`);

// Four linked people (the Owner, Ann, Bob, Carl) and six unmatched ones: ten in all.
const space = fakeSpace({
  members: [ownerEmail, email('ann'), email('bob'), email('carl'), contractor, danaInApp, ...strangers].map((address) => appMember(address)),
});

/** Set LATCHKEY_SCREENSHOTS=docs/images to refresh the screenshots in the docs from this flow. */
const snap = screenshots('hubs');

async function invite(context: BrowserContext, address: string, firstName: string, lastName: string): Promise<void> {
  const response = await context.request.post('/api/v1/members', { data: { email: address, role: 'user', firstName, lastName } });
  expect(response.status(), await response.text()).toBe(201);
}

describe('business hubs in the browser', () => {
  const getApp = useBrowserApp({ connectors: [fakeConnector(space)] });

  it('connects a hub through the wizard, handles unmatched people, reviews a halted sync and follows every job live', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const { context, page } = await t.newPage();
    await signIn(page, ownerEmail);
    for (const [name, first, last] of [['ann', 'Ann', 'Analyst'], ['bob', 'Bob', 'Buyer'], ['carl', 'Carl', 'Creative']] as const) await invite(context, email(name), first, last);
    await invite(context, email('dana'), 'Dana', 'Designer');

    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/jobs/stream')) streams.push(request.url());
    });

    // An empty hubs page says what a hub is and offers the wizard.
    await page.getByRole('navigation').getByRole('link', { name: 'Business hubs' }).click();
    await page.getByRole('heading', { name: 'No business hubs yet' }).waitFor();
    let loads = 0;
    page.on('load', () => (loads += 1));
    await page.getByRole('button', { name: 'Connect Business Hub' }).click();

    const wizard = page.getByRole('dialog', { name: 'Connect Business Hub' });
    await wizard.getByLabel('Don’t show this again').check();
    await wizard.getByRole('button', { name: 'Get started' }).click();
    await wizard.getByRole('radio', { name: 'Sandbox Business Center' }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();

    await wizard.getByLabel('Label in Latchkey').fill('Acme – Sandbox');
    // A malformed business ID is caught before anything is sent, with the app's own hint.
    await wizard.getByLabel('Business ID').fill('not-an-id');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByText(/That Business ID doesn’t look right/).waitFor();
    await wizard.getByLabel('Business ID').fill(space.businessId);
    expect(await wizard.getByRole('radio', { name: 'Username and password' }).isChecked()).toBe(true);
    expect(await wizard.getByRole('switch', { name: 'Request users to save their username and password in Latchkey' }).isChecked()).toBe(true);
    await wizard.getByRole('button', { name: 'Next' }).click();

    await wizard.getByText('Select automation account').first().waitFor();
    await wizard.getByLabel('Service token', { exact: true }).fill(space.token);
    await snap(page, 'connect');
    await wizard.getByRole('button', { name: 'Connect app' }).click();
    await page.waitForURL(/\/hubs\/[0-9a-f-]{36}/);
    const hubId = new URL(page.url()).pathname.split('/').pop()!;

    // Validation, then the first sync, arrive over the job stream: the chip turns Healthy without a reload.
    const health = page.getByTestId('hub-health');
    await health.getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });
    expect(loads).toBe(0);
    expect(streams.length).toBeGreaterThan(0);

    // Auto-matched people are in Onboarded, waiting to save their login; strangers are Unmatched.
    await page.getByRole('tab', { name: 'Onboarded' }).click();
    const annRow = page.getByRole('row', { name: new RegExp(email('ann').replace(/\./g, '\\.')) });
    await annRow.getByText('Awaiting user login').waitFor();
    expect(await annRow.textContent()).toContain('Ann Analyst');
    expect(await annRow.textContent()).toContain('Employee');
    await page.getByRole('tab', { name: 'Unmatched' }).click();
    for (const address of [contractor, danaInApp, ...strangers]) await page.getByRole('row', { name: new RegExp(address.replace(/\./g, '\\.')) }).getByText('Unmatched user').waitFor();
    await snap(page, 'users');

    // Exempt the agency's login, with a reason.
    await page.getByRole('row', { name: new RegExp(contractor.replace(/\./g, '\\.')) }).getByRole('button', { name: 'Exempt' }).click();
    const exempt = page.getByRole('dialog', { name: `Exempt ${contractor}` });
    await exempt.getByRole('button', { name: 'Exempt' }).click();
    await exempt.getByText('Say why this person is exempted.').waitFor();
    await exempt.getByLabel('Reason').fill('Agency shared login, owned by Acme Media');
    await exempt.getByRole('button', { name: 'Exempt' }).click();
    await exempt.waitFor({ state: 'detached' });

    // Match Dana's personal address to the member Dana, as Collaborator.
    await page.getByRole('row', { name: new RegExp(danaInApp.replace(/\./g, '\\.')) }).getByRole('button', { name: 'Match user' }).click();
    const match = page.getByRole('dialog', { name: `Match ${danaInApp}` });
    await match.getByLabel('Member').selectOption({ label: `Dana Designer (${email('dana')})` });
    await match.getByLabel('Hub role').selectOption('collaborator');
    await match.getByRole('button', { name: 'Match user' }).click();
    await match.waitFor({ state: 'detached' });

    // Remove one stranger from the app: a job, followed live to "Removed".
    const removed = strangers[3]!;
    await page.getByRole('row', { name: new RegExp(removed.replace(/\./g, '\\.')) }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: `Remove ${removed} from Sandbox Business Center?` }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => space.members.some((m) => m.email === removed), { timeout: 15_000 }).toBe(false);

    await page.getByRole('tab', { name: 'Exempted' }).click();
    const contractorRow = page.getByRole('row', { name: new RegExp(contractor.replace(/\./g, '\\.')) });
    await contractorRow.getByText('Agency shared login, owned by Acme Media').waitFor();
    await contractorRow.getByRole('button', { name: 'Move to unmatched' }).waitFor();
    await page.getByRole('tab', { name: 'Onboarded' }).click();
    const danaRow = page.getByRole('row', { name: new RegExp(danaInApp.replace(/\./g, '\\.')) });
    await danaRow.getByText('Dana Designer').waitFor();
    await page.getByRole('tab', { name: 'All' }).click();
    await page.getByRole('row', { name: new RegExp(removed.replace(/\./g, '\\.')) }).getByText('Removed', { exact: true }).waitFor({ timeout: 15_000 });

    // Three of the nine people left vanish from the app: a sync would remove 33 %, above the 20 % safeguard.
    const gone = [email('bob'), email('carl'), strangers[0]!];
    space.members = space.members.filter((m) => !gone.includes(m.email));
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const halted = page.getByRole('alert').filter({ hasText: 'Sync halted by the safeguard' });
    await halted.waitFor({ timeout: 20_000 });
    await health.getByText('Requires sync', { exact: true }).waitFor();
    await halted.getByRole('button', { name: 'Review sync' }).click();
    const review = page.getByRole('dialog', { name: 'Review sync' });
    for (const address of gone) await review.getByRole('row', { name: new RegExp(address.replace(/\./g, '\\.')) }).waitFor();
    await snap(page, 'review-sync');
    await review.getByRole('button', { name: 'Apply anyway' }).click();
    await review.waitFor({ state: 'detached' });
    await health.getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });
    const bobRow = page.getByRole('row', { name: new RegExp(email('bob').replace(/\./g, '\\.')) });
    await bobRow.getByText('Removed', { exact: true }).waitFor();
    await bobRow.getByText('Removed in Sandbox Business Center').waitFor();
    expect(loads).toBe(0);

    // The Automation page lists every job with its chip; the halted sync says what to do.
    await page.getByRole('navigation').getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    const jobs = page.getByRole('table', { name: 'Automation jobs' });
    const completed = page.getByText('Completed', { exact: true });
    await jobs.getByRole('row').filter({ hasText: 'Validating business hub' }).filter({ has: completed }).waitFor();
    await jobs.getByRole('row').filter({ hasText: 'Removing users' }).filter({ has: completed }).waitFor();
    const syncs = jobs.getByRole('row').filter({ hasText: 'Syncing users' });
    await expect.poll(() => syncs.filter({ has: completed }).count(), { timeout: 15_000 }).toBe(2);
    const haltedJob = syncs.filter({ has: page.getByText('Not completed', { exact: true }) });
    expect(await haltedJob.textContent()).toContain('SyncSafeguardTripped');
    await snap(page, 'automation');

    await haltedJob.getByRole('button', { name: 'Syncing users' }).click();
    const drawer = page.getByRole('dialog', { name: 'Job details' });
    await drawer.getByText('What to do:').waitFor();
    expect(await drawer.textContent()).toContain('Review the removals, then Apply anyway or fix the app.');
    await drawer.getByText('This job can’t be retried as it is').waitFor();
    await snap(page, 'job-drawer');
    expect(new URL(page.url()).searchParams.get('job')).toMatch(/^[0-9a-f-]{36}$/);

    // Filtering by hub and status narrows the log, through the URL.
    await page.keyboard.press('Escape');
    await page.getByLabel('Status').selectOption('not_completed');
    await expect.poll(() => jobs.getByRole('row').count(), { timeout: 15_000 }).toBe(2);
    expect(new URL(page.url()).searchParams.get('status')).toBe('not_completed');

    // The hubs list shows the hub's live health on its card.
    await page.getByRole('navigation').getByRole('link', { name: 'Business hubs' }).click();
    const card = page.getByRole('article', { name: 'Acme – Sandbox' });
    await card.getByText('Healthy', { exact: true }).waitFor();
    await snap(page, 'list');
    await card.getByRole('link', { name: 'Acme – Sandbox' }).click();
    await page.waitForURL(`**/hubs/${hubId}**`);

    // Owners get Settings; deleting says plainly that nothing changes inside the app.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Sync safeguard').waitFor();
    expect(await page.getByLabel('Sync safeguard').inputValue()).toBe('20 %');
    await snap(page, 'settings');
    await page.getByRole('button', { name: 'Delete from Latchkey' }).click();
    const deleting = page.getByRole('dialog', { name: 'Delete Acme – Sandbox from Latchkey?' });
    await deleting.getByText('Nothing changes inside Sandbox Business Center:').waitFor();
    await deleting.getByRole('button', { name: 'Cancel' }).click();

    // Ann was matched by the sync, so she is a Collaborator: the card only, no people, no sync.
    await invite(context, email('erin'), 'Erin', 'Admin');
    const erinRole = await context.request.get(`/api/v1/members?q=${encodeURIComponent(email('erin'))}`);
    const erinId = ((await erinRole.json()) as { data: { id: string }[] }).data[0]!.id;
    expect((await context.request.patch(`/api/v1/members/${erinId}`, { data: { role: 'admin' } })).status()).toBe(200);
    for (const [name, first, last] of [['ann', 'Ann', 'Analyst'], ['erin', 'Erin', 'Admin']] as const) {
      const token = await invitationToken(context, email(name));
      const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: signInPassword, firstName: first, lastName: last } });
      expect(accepted.statusCode, accepted.body).toBe(200);
    }
    await context.close();

    const { context: annContext, page: ann } = await t.newPage();
    await signIn(ann, email('ann'));
    await ann.getByRole('navigation').getByRole('link', { name: 'Business hubs' }).click();
    const annCard = ann.getByRole('article', { name: 'Acme – Sandbox' });
    await annCard.getByText('Collaborator', { exact: true }).waitFor();
    expect(await annCard.getByRole('link').count()).toBe(0);
    expect(await ann.getByRole('button', { name: 'Connect Business Hub' }).count()).toBe(1);
    await ann.goto(`/hubs/${hubId}`);
    await ann.getByText('You’re a Collaborator on this hub').waitFor();
    expect(await ann.getByRole('button', { name: 'Check for updates' }).count()).toBe(0);
    expect(await ann.getByRole('tab').count()).toBe(0);
    await annContext.close();

    // A workspace admin without a grant sees every hub's health, read-only.
    const { context: erinContext, page: erin } = await t.newPage();
    await signIn(erin, email('erin'));
    await erin.goto('/hubs');
    const erinCard = erin.getByRole('article', { name: 'Acme – Sandbox' });
    await erinCard.getByText('Read-only', { exact: true }).waitFor();
    await erinCard.getByRole('link', { name: 'Acme – Sandbox' }).click();
    await erin.getByText('As a workspace admin you see this hub’s health, read-only.').waitFor();
    await erin.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor();
    expect(await erin.getByRole('tab', { name: 'Settings' }).count()).toBe(0);
    await erinContext.close();
  }, 150_000);

  it('says what to do when the app rejects the token, and a new token from Settings brings the hub back', async () => {
    const t = getApp();
    const patEmail = `pat.${pid}@beta.test`;
    await t.services.workspaces.create({ workspaceName: 'Beta', email: patEmail, password: signInPassword, firstName: 'Pat', lastName: 'Owner' });
    const { context, page } = await t.newPage();
    await signIn(page, patEmail);
    await page.goto('/hubs');
    await page.getByRole('button', { name: 'Connect Business Hub' }).click();
    const wizard = page.getByRole('dialog', { name: 'Connect Business Hub' });
    await wizard.getByRole('button', { name: 'Get started' }).click();
    // The only installed app is preselected, and its defaults come with it.
    expect(await wizard.getByRole('radio', { name: 'Sandbox Business Center' }).getAttribute('aria-checked')).toBe('true');
    await wizard.getByRole('button', { name: 'Next' }).click();
    expect(await wizard.getByLabel('Label in Latchkey').inputValue()).toBe('Sandbox Business Center');
    expect(await wizard.getByRole('radio', { name: 'Username and password' }).isChecked()).toBe(true);
    await wizard.getByLabel('Label in Latchkey').fill('Beta – Sandbox');
    await wizard.getByLabel('Business ID').fill(space.businessId);
    await wizard.getByRole('radio', { name: 'SSO' }).check();
    expect(await wizard.getByRole('switch').count()).toBe(0);
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('Account label').fill('Beta old token');
    await wizard.getByLabel('Service token', { exact: true }).fill('a-token-the-app-revoked');
    await wizard.getByRole('button', { name: 'Connect app' }).click();
    await page.waitForURL(/\/hubs\/[0-9a-f-]{36}/);

    const health = page.getByTestId('hub-health');
    await health.getByText('Review service account', { exact: true }).waitFor({ timeout: 20_000 });
    const problem = page.getByRole('alert').filter({ hasText: 'What to do:' });
    await problem.getByText(/Re-authorise or replace the token in the hub.s Settings/).waitFor();
    await snap(page, 'review-service-account');
    await problem.getByRole('button', { name: 'Replace the service account' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('settings');

    const section = page.getByRole('region', { name: 'Service account' });
    await section.getByText('Beta old token').waitFor();
    await section.getByLabel('Service token', { exact: true }).fill(space.token);
    await section.getByRole('button', { name: 'Replace service account' }).click();
    await health.getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'What to do:' }).count()).toBe(0);

    // The old credential stays in the vault, now free: the wizard offers it again, the live one shows "Connected".
    await page.goto('/hubs');
    await page.getByRole('button', { name: 'Connect Business Hub' }).click();
    await wizard.getByRole('button', { name: 'Get started' }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('Business ID').fill(space.businessId);
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: 'Use a saved account' }).check();
    const saved = wizard.getByLabel('Saved account');
    await saved.locator('option', { hasText: 'Beta old token' }).waitFor({ state: 'attached' });
    expect(await saved.locator('option', { hasText: '— Connected' }).getAttribute('disabled')).not.toBeNull();
    await context.close();
  }, 90_000);
});
