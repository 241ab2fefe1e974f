import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appMember, fakeConnector, fakeSpace } from '../../server/test/fakes/fake-connector.ts';
import { screenshots, signIn, signInPassword } from './browser-kit.ts';
import { useBrowserApp, type BrowserApp } from './harness.ts';

/**
 * Issue 6 in the browser: an Owner shares a hub with a team through the wizard; "Review changes"
 * lists exactly the invites, "Share" applies exactly those (checked inside the fake app), and the
 * same share again previews "No changes". "Remove user" previews the removal and names the path
 * that remains. Then the collection path: a collection share gives "Claim your invite", "Send
 * email invite" puts an invite in the app, and an Owner's "Skip for now" creates no seat.
 */

const pid = process.pid;
const email = (name: string): string => `${name}.${pid}@shares.test`;
const ownerEmail = email('olga');
const hubLabel = 'Acme – Sandbox';

const space = fakeSpace({
  members: [appMember(ownerEmail, 'ADMIN')],
  assets: [
    { externalId: 'act_100', type: 'ad_account', name: 'Brand ads' },
    { externalId: 'page_200', type: 'page', name: 'Acme page' },
  ],
});

/** Set LATCHKEY_SCREENSHOTS=docs/images to refresh the screenshots in the docs from this flow. */
const snap = screenshots('shares');

const row = (scope: Page | Locator, text: string): Locator => scope.getByRole('row').filter({ hasText: text });

async function api<T>(context: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, data?: object): Promise<T> {
  const response = await context.request.fetch(url, { method, ...(data ? { data } : {}) });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** A member invited by the Owner; `accept` also sets a password from the mailed token so they can sign in. */
async function member(t: BrowserApp, context: BrowserContext, name: string, firstName: string, lastName: string, accept = false): Promise<string> {
  const created = await api<{ id: string }>(context, 'POST', '/api/v1/members', { email: email(name), role: 'user', firstName, lastName });
  if (accept) {
    const outbox = await api<{ data: { to: string; text: string }[] }>(context, 'GET', '/api/v1/outbox');
    const token = outbox.data.find((m) => m.to === email(name))?.text.match(/#token=([\w-]+)/)?.[1];
    if (!token) throw new Error(`no invitation mailed to ${email(name)}`);
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: signInPassword, firstName, lastName } });
    expect(accepted.statusCode, accepted.body).toBe(200);
  }
  return created.id;
}

/** The share wizard, from the hub page to "Review changes", for one team as Collaborator with Manager in the app. */
async function shareWithTeam(page: Page, team: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const wizard = page.getByRole('dialog', { name: `Share ${hubLabel}` });
  const picker = wizard.getByRole('combobox', { name: 'Share with' });
  await picker.click();
  await picker.fill(team);
  await page.getByRole('option', { name: new RegExp(`^${team} \\(team of 3\\)`) }).click();
  await picker.press('Tab');
  await snap(page, 'wizard-people');
  // Only Owners may grant Owner; the recipient here gets Collaborator.
  await wizard.getByRole('radio', { name: 'Collaborator' }).check();
  expect(await wizard.getByRole('radio', { name: 'Owner' }).count()).toBe(1);
  await wizard.getByRole('button', { name: 'Next' }).click();

  await wizard.getByRole('radiogroup', { name: 'Define Access' }).waitFor();
  expect(await wizard.getByRole('radio', { name: 'Invite user to Sandbox Business Center' }).isChecked()).toBe(true);
  expect(await wizard.getByRole('radio', { name: 'Share only business hub in Latchkey' }).isDisabled()).toBe(true);
  await wizard.getByRole('button', { name: 'Next' }).click();

  // Rank model: one role, the app's default preselected.
  await wizard.getByRole('radiogroup', { name: 'Business role' }).waitFor();
  expect(await wizard.getByRole('radio', { name: 'Employee' }).isChecked()).toBe(true);
  await wizard.getByRole('radio', { name: 'Manager' }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();

  // One tab per asset type; partial access needs a permission.
  await wizard.getByRole('tab', { name: /Ad accounts/ }).waitFor();
  await wizard.getByRole('checkbox', { name: 'Brand ads' }).check();
  await wizard.getByRole('radio', { name: 'Partial access' }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByText('Choose at least one permission, or give full access.').waitFor();
  await wizard.getByRole('checkbox', { name: 'View performance' }).check();
  await snap(page, 'wizard-assets');
  await wizard.getByRole('button', { name: 'Next' }).click();

  await wizard.getByRole('radiogroup', { name: 'Access expires' }).waitFor();
  expect(await wizard.getByRole('radio', { name: 'Never' }).isChecked()).toBe(true);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('table', { name: 'Changes per person' }).waitFor();
  return wizard;
}

describe('access shares in the browser', () => {
  const getApp = useBrowserApp({ connectors: [fakeConnector(space)] });

  it('shares with a team through the wizard, previews exactly what it applies, and removes a user with a preview', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });
    const { context, page } = await t.newPage();
    // Tall enough that the screenshots show a whole preview with its buttons.
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, ownerEmail);

    const ann = await member(t, context, 'ann', 'Ann', 'Analyst');
    const bob = await member(t, context, 'bob', 'Bob', 'Buyer');
    const carl = await member(t, context, 'carl', 'Carl', 'Creative');
    const dana = await member(t, context, 'dana', 'Dana', 'Designer');
    // The Agency team holds exactly Ann, Bob and Carl (its creator hands over to Ann, then leaves).
    const agency = await api<{ id: string }>(context, 'POST', '/api/v1/teams', { name: 'Agency' });
    await api(context, 'POST', `/api/v1/teams/${agency.id}/members`, { memberId: ann, teamRole: 'team_admin' });
    for (const id of [bob, carl]) await api(context, 'POST', `/api/v1/teams/${agency.id}/members`, { memberId: id, teamRole: 'team_member' });
    const me = await api<{ member: { id: string } }>(context, 'GET', '/api/v1/auth/session');
    await api(context, 'DELETE', `/api/v1/teams/${agency.id}/members/${me.member.id}`);

    const hub = await api<{ id: string }>(context, 'POST', '/api/v1/hubs', {
      appKey: 'sandbox', label: hubLabel, businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 'Sandbox token', token: space.token },
    });
    await page.goto(`/hubs/${hub.id}`);
    await page.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });

    // Review changes: one invite per team member, as Manager, and nothing sent yet.
    const wizard = await shareWithTeam(page, 'Agency');
    const review = wizard.getByRole('table', { name: 'Changes per person' });
    await wizard.getByText('3 invites in Sandbox Business Center').waitFor();
    for (const name of ['ann', 'bob', 'carl']) {
      const person = row(review, email(name));
      await person.getByText('Invite to Sandbox Business Center as Manager').waitFor();
      await person.getByText('Agency (team) · Collaborator').waitFor();
    }
    expect(await review.getByRole('row').count()).toBe(4);
    await snap(page, 'review-changes');
    expect(space.invites).toHaveLength(0);

    await wizard.getByRole('button', { name: 'Share', exact: true }).click();
    await wizard.getByText('Shared with 3 people').waitFor();
    const follow = wizard.getByRole('link', { name: 'Follow progress in Automation' });
    expect(await follow.getAttribute('href')).toMatch(/\/automation\?job=[0-9a-f-]{36}/);
    await expect.poll(() => space.invites.map((i) => i.email).sort(), { timeout: 20_000 }).toEqual([email('ann'), email('bob'), email('carl')]);
    expect(space.invites.every((i) => i.roles.join() === 'MANAGER')).toBe(true);
    await wizard.getByRole('button', { name: 'Done' }).click();

    // The Users tab follows each invite; the Teams tab lists the team and what removing it would do.
    await row(page, email('bob')).getByText('Pending invite claim').waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: 'Teams' }).click();
    const teams = page.getByRole('table', { name: `Teams with access to ${hubLabel}` });
    await row(teams, 'Agency').getByText('3 removals').waitFor();
    await snap(page, 'teams-tab');
    await page.getByRole('tab', { name: 'Users' }).click();

    // The same share again: the preview says nothing changes, and sharing sends nothing.
    const again = await shareWithTeam(page, 'Agency');
    await again.getByText('No changes', { exact: true }).waitFor();
    expect(await again.getByText('Already has this access: nothing changes').count()).toBe(3);
    await again.getByRole('button', { name: 'Share', exact: true }).click();
    await again.getByText('No changes were needed in Sandbox Business Center.', { exact: false }).waitFor();
    await again.getByRole('button', { name: 'Done' }).click();
    expect(space.calls.filter((c) => c.op === 'invite')).toHaveLength(3);

    // Dana individually, Ann individually on top of the team.
    await api(context, 'POST', `/api/v1/hubs/${hub.id}/shares`, { subjects: [{ type: 'user', id: dana }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] });
    await api(context, 'POST', `/api/v1/hubs/${hub.id}/shares`, { subjects: [{ type: 'user', id: ann }], role: 'collaborator', appRoleKeys: ['ADMIN'] });
    await expect.poll(() => space.invites.some((i) => i.email === email('dana') && i.status === 'pending'), { timeout: 20_000 }).toBe(true);

    // Removing Ann's own access leaves the team's: the preview names it and nothing reaches the app.
    await page.reload();
    await row(page, email('ann')).getByRole('button', { name: 'Actions for Ann Analyst' }).click();
    await page.getByRole('menuitem', { name: 'Remove user' }).click();
    let dialog = page.getByRole('dialog', { name: 'Remove user' });
    await dialog.getByText('Access through Agency remains').waitFor();
    // Ann hasn't joined yet: only the seat option is offered.
    expect(await dialog.getByRole('radio', { name: "Remove the business hub from the user's Latchkey dashboard" }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // "Update role" on Ann's individual Admin: down to Analyst, but the team keeps her at Manager.
    await row(page, email('ann')).getByRole('button', { name: 'Actions for Ann Analyst' }).click();
    await page.getByRole('menuitem', { name: 'Update role' }).click();
    const updateAnn = page.getByRole('dialog', { name: 'Update role' });
    await updateAnn.getByRole('radio', { name: 'Analyst' }).check();
    await updateAnn.getByRole('button', { name: 'Review changes' }).click();
    const annPreview = row(updateAnn.getByRole('table', { name: 'Changes per person' }), email('ann'));
    await annPreview.getByText('Manager', { exact: true }).waitFor();
    await annPreview.getByText('Individual · Collaborator').waitFor();
    await annPreview.getByText('Agency (team) · Collaborator').waitFor();
    await updateAnn.getByRole('button', { name: 'Update', exact: true }).click();
    await updateAnn.waitFor({ state: 'detached' });

    // Carl's access is the team's alone: "Update role" says to change the team instead.
    await row(page, email('carl')).getByRole('button', { name: 'Actions for Carl Creative' }).click();
    await page.getByRole('menuitem', { name: 'Update role' }).click();
    const update = page.getByRole('dialog', { name: 'Update role' });
    await update.getByRole('radio', { name: 'Analyst' }).check();
    await update.getByRole('button', { name: 'Review changes' }).click();
    await update.getByText('This person has access only through a team or a collection. Change the team instead.').waitFor();
    await update.getByRole('button', { name: 'Cancel' }).click();

    // Dana has no other path: her seat (here the pending invite) goes, after "Remove access" → "Confirm".
    await row(page, email('dana')).getByRole('button', { name: 'Actions for Dana Designer' }).click();
    await page.getByRole('menuitem', { name: 'Remove user' }).click();
    dialog = page.getByRole('dialog', { name: 'Remove user' });
    expect(await dialog.getByRole('radio', { name: "Remove the user's seat and permissions in Sandbox Business Center" }).isChecked()).toBe(true);
    await row(dialog, email('dana')).getByText('Remove seat', { exact: true }).waitFor();
    await dialog.getByText('1 removal in Sandbox Business Center').waitFor();
    await row(dialog, email('dana')).getByText('No path left').waitFor();
    await snap(page, 'remove-user');
    await dialog.getByRole('button', { name: 'Remove access' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => space.invites.find((i) => i.email === email('dana'))?.status, { timeout: 20_000 }).toBe('cancelled');
    await row(page, email('dana')).getByText('Removed', { exact: true }).waitFor({ timeout: 20_000 });

    // "Remove team" with its two options and a preview.
    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'Remove team Agency' }).click();
    const removeTeam = page.getByRole('dialog', { name: 'Remove team' });
    // Bob and Carl lose their seats; Ann keeps her individual Admin but loses the team's ad account, once she has joined.
    await removeTeam.getByText('2 removals · 1 other change in Sandbox Business Center').waitFor();
    await row(removeTeam, email('ann')).getByText('Individual access remains').waitFor();
    await removeTeam.getByRole('radio', { name: "Keep members' seats and manage them individually" }).check();
    // Bob and Carl now hold it individually: nothing changes for them in the app.
    await row(removeTeam, email('bob')).getByText('No change', { exact: true }).waitFor();
    await row(removeTeam, email('carl')).getByText('No change', { exact: true }).waitFor();
    await snap(page, 'remove-team');
    await removeTeam.getByRole('button', { name: 'Cancel' }).click();
    await context.close();
  }, 150_000);

  it('claims through a collection: Send email invite puts an invite in the app; an Owner who skips gets no seat', async () => {
    const t = getApp();
    const leadEmail = email('lena');
    await t.services.workspaces.create({ workspaceName: 'Brand', email: leadEmail, password: signInPassword, firstName: 'Lena', lastName: 'Lead' });
    const { context, page } = await t.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, leadEmail);
    await member(t, context, 'erin', 'Erin', 'Editor', true);
    await member(t, context, 'frank', 'Frank', 'Founder', true);
    space.members.push(appMember(leadEmail, 'ADMIN'));
    const hub = await api<{ id: string }>(context, 'POST', '/api/v1/hubs', {
      appKey: 'sandbox', label: 'Brand – Sandbox', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 'Brand token', token: space.token },
    });
    await page.goto(`/hubs/${hub.id}`);
    await page.getByTestId('hub-health').getByText('Healthy', { exact: true }).waitFor({ timeout: 20_000 });

    // A new collection, the hub added with Analyst fixed for everyone who claims it.
    await page.getByRole('navigation').getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('heading', { name: 'No collections yet' }).waitFor();
    await page.getByRole('button', { name: 'New collection' }).first().click();
    const create = page.getByRole('dialog', { name: 'New collection' });
    await create.getByLabel('Name').fill('Paid social');
    await create.getByRole('button', { name: 'Create collection' }).click();
    await page.getByRole('heading', { name: 'Paid social', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add to Collection' }).first().click();
    const add = page.getByRole('dialog', { name: 'Add to Collection' });
    await add.getByLabel('Business hub').selectOption({ label: 'Brand – Sandbox (Sandbox Business Center)' });
    await add.getByRole('button', { name: 'Next' }).click();
    await add.getByRole('radio', { name: 'Analyst' }).check();
    await add.getByRole('button', { name: 'Next' }).click();
    await add.getByRole('tab', { name: /Ad accounts/ }).waitFor();
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.waitFor({ state: 'detached' });
    await row(page.getByRole('table', { name: 'Business hubs in Paid social' }), 'Brand – Sandbox').getByText('Analyst').waitFor();

    // Shared with Erin (Collaborator) and Frank (Owner): claims, not invites.
    const picker = page.getByRole('combobox', { name: 'Share with' });
    for (const [who, role] of [['Erin Editor', 'Collaborator'], ['Frank Founder', 'Owner']] as const) {
      await picker.click();
      await picker.fill(who.split(' ')[0]!);
      await page.getByRole('option', { name: new RegExp(`^${who}`) }).click();
      await picker.press('Tab');
      await page.getByRole('radio', { name: role }).check();
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await row(page.getByRole('table', { name: 'People and teams holding Paid social' }), who).getByText(role).waitFor();
    }
    expect(space.invites.filter((i) => [email('erin'), email('frank')].includes(i.email))).toHaveLength(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await snap(page, 'collection');
    await context.close();

    // Erin, a Collaborator through the collection, can't skip: the server refuses and the dialog stops offering it.
    const erin = await t.newPage();
    await signIn(erin.page, email('erin'));
    await erin.page.getByRole('navigation').getByRole('link', { name: 'Collections' }).click();
    await erin.page.getByRole('link', { name: 'Paid social' }).click();
    await row(erin.page, 'Brand – Sandbox').getByRole('button', { name: 'Claim' }).click();
    let claim = erin.page.getByRole('dialog', { name: 'Claim your invite' });
    await claim.getByRole('button', { name: 'Skip', exact: true }).click();
    await erin.page.getByRole('dialog', { name: 'Skip for now?' }).getByRole('button', { name: 'Skip for now' }).click();
    await claim.getByText('Skipping is for Owners').waitFor();
    expect(await claim.getByRole('button', { name: 'Skip', exact: true }).count()).toBe(0);
    await claim.getByRole('button', { name: 'Not now' }).click();

    // Then claims from her dashboard card: "Send email invite" → "Review your email" → "Send email invite".
    await erin.page.getByRole('navigation').getByRole('link', { name: 'All accounts' }).click();
    const erinCard = erin.page.getByRole('article', { name: 'Sandbox Business Center – Brand – Sandbox' });
    await erinCard.getByText('Claim your invite').waitFor();
    await erinCard.getByRole('button', { name: /^Claim/ }).click();
    claim = erin.page.getByRole('dialog', { name: 'Claim your invite' });
    await claim.getByRole('button', { name: 'Send email invite' }).click();
    claim = erin.page.getByRole('dialog', { name: 'Review your email' });
    await claim.getByText(email('erin'), { exact: true }).waitFor();
    await claim.getByRole('button', { name: 'Send email invite' }).click();
    await claim.waitFor({ state: 'detached' });
    await expect.poll(() => space.invites.find((i) => i.email === email('erin'))?.roles, { timeout: 20_000 }).toEqual(['ANALYST']);
    await erin.context.close();

    // Frank, an Owner through the collection, skips from the collection page: oversight in Latchkey, no seat in the app.
    const frank = await t.newPage();
    await signIn(frank.page, email('frank'));
    await frank.page.goto('/collections');
    await frank.page.getByRole('link', { name: 'Paid social' }).click();
    const frankRow = row(frank.page, 'Brand – Sandbox');
    await frankRow.getByRole('button', { name: 'Claim' }).click();
    await frank.page.getByRole('dialog', { name: 'Claim your invite' }).getByRole('button', { name: 'Skip', exact: true }).click();
    const skip = frank.page.getByRole('dialog', { name: 'Skip for now?' });
    await skip.getByRole('button', { name: 'Skip for now' }).click();
    await skip.waitFor({ state: 'detached' });
    await frankRow.getByText('Hub access only').waitFor();
    await frank.page.getByRole('navigation').getByRole('link', { name: 'All accounts' }).click();
    const frankCard = frank.page.getByRole('article', { name: 'Sandbox Business Center – Brand – Sandbox' });
    await frankCard.getByRole('link', { name: 'View members' }).waitFor();
    await frank.page.waitForTimeout(1000);
    expect(space.invites.some((i) => i.email === email('frank'))).toBe(false);
    expect(space.calls.some((c) => c.op === 'invite' && c.email === email('frank'))).toBe(false);
    await frank.context.close();
  }, 150_000);
});
