import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaConnector } from '../../server/src/connectors/meta/connector.ts';
import { FakeGraph } from '../../server/src/connectors/meta/fake-api.ts';
import { signInPassword } from './browser-kit.ts';
import { useBrowserApp } from './harness.ts';

/**
 * Meta pixels in the browser, against the strict local Graph: the sync lists them (Assets tab,
 * "Pixels"), but Graph cannot assign people to a pixel, so the share wizard lists them read-only
 * ("Managed in Meta Business") with nothing to tick, while ad accounts stay assignable.
 */

const pid = process.pid;
const ownerEmail = `olga.${pid}@pixels.test`;
const businessId = '1234567890124';
const token = `EAApixels${pid}`;
const hubLabel = 'Acme Meta';

const graph = new FakeGraph();
beforeAll(async () => {
  await graph.start();
  graph.tokens.add(token);
  graph.addBusiness(businessId, 'Acme Social');
  const owner = graph.addUser(businessId, ownerEmail, 'ADMIN');
  graph.addAsset(businessId, 'ad_account', 'Brand ads');
  graph.addAsset(businessId, 'pixel', 'Shop pixel').assigned.set(owner.id, ['EDIT']);
});
afterAll(() => graph.stop());

describe('Meta pixels in the browser', () => {
  const getApp = useBrowserApp(() => ({ connectors: [createMetaConnector({ graphUrl: graph.url, version: graph.version, timeoutMs: 10_000 })] }));

  it('lists pixels on the Assets tab and read-only in the share wizard', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const { context, page } = await t.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password', { exact: true }).fill(signInPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/accounts');
    const created = await context.request.post('/api/v1/members', { data: { email: `ann.${pid}@pixels.test`, role: 'user', firstName: 'Ann', lastName: 'Analyst' } });
    expect(created.status(), await created.text()).toBeLessThan(300);
    const hub = await context.request.post('/api/v1/hubs', { data: { appKey: 'meta', label: hubLabel, businessId, connectFields: { app_id: '42' }, loginMethod: 'username_password', serviceCredential: { label: 'System user', token } } });
    expect(hub.status(), await hub.text()).toBe(201);
    await page.goto(`/hubs/${((await hub.json()) as { id: string }).id}`);
    await page.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });

    // The Assets tab: pixels under their type label, with where to manage them.
    await page.getByRole('tab', { name: 'Assets' }).click();
    await page.getByRole('tab', { name: /Pixels/ }).click();
    await page.getByRole('table', { name: 'Pixels' }).getByText('Shop pixel').waitFor();
    await page.getByText('Managed in Meta Business.', { exact: false }).waitFor();

    // The share wizard's asset step: ad accounts can be ticked; pixels are listed with nothing to tick.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const wizard = page.getByRole('dialog', { name: `Share ${hubLabel}` });
    const picker = wizard.getByRole('combobox', { name: 'Share with' });
    await picker.click();
    await picker.fill('Ann');
    await page.getByRole('option', { name: /^Ann Analyst/ }).click();
    await picker.press('Tab');
    await wizard.getByRole('radio', { name: 'Collaborator' }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radiogroup', { name: 'Define Access' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radiogroup', { name: 'Business role' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('checkbox', { name: 'Brand ads' }).waitFor(); // the first assignable type opens first
    await wizard.getByRole('tab', { name: /Pixels/ }).click();
    await wizard.getByText('Managed in Meta Business.', { exact: false }).waitFor();
    await wizard.getByText('Shop pixel').waitFor();
    expect(await wizard.getByRole('checkbox').count()).toBe(0);
  });
});
