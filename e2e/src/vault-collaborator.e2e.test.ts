import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { codeForStep, encodeBase32, parseTotpInput } from '../../server/src/lib/totp/index.ts';
import { invitationToken, screenshots, signIn, signInPassword } from './browser-kit.ts';
import { useBrowserApp } from './harness.ts';

/**
 * Issue 3, "Must show": a Collaborator's browser never receives the password or the TOTP seed in
 * any response, while still getting codes; an Owner's reveal writes an activity event. Everything a
 * person does goes through the UI; only mail (the invitation link) is read through the API.
 */

const accountPassword = `Ow-${randomBytes(12).toString('base64url')}-9!`;
const seed = encodeBase32(randomBytes(20));
const ownerEmail = `owner.${process.pid}@acme.test`;
const memberEmail = `mia.${process.pid}@acme.test`;
const label = 'Meta Business – Acme';

/** Set LATCHKEY_SCREENSHOTS=docs/images to refresh the screenshots in the docs from this flow. */
const snap = screenshots('vault');

interface Captured {
  url: string;
  type: string;
  body: string;
}

/** Every response the page receives, body included (redirects and aborted loads have none). */
function recordResponses(page: Page): Promise<Captured>[] {
  const captured: Promise<Captured>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    captured.push(
      response
        .text()
        .then((body) => ({ url: response.url(), type, body }))
        .catch(() => ({ url: response.url(), type, body: '' })),
    );
  });
  return captured;
}

describe('vault in the browser: Owner and Collaborator', () => {
  const getApp = useBrowserApp();

  it('shares an account with a Collaborator who gets codes but never the password or seed; an Owner reveal is audited', async () => {
    const t = getApp();
    await t.services.workspaces.create({ workspaceName: 'Acme', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' });

    // The Owner adds an account with a password and an authenticator key, through the form.
    const { context: ownerContext, page: owner } = await t.newPage();
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await signIn(owner, ownerEmail);
    await owner.getByText('No accounts yet').waitFor();
    await owner.getByRole('button', { name: 'Add account' }).click();
    const form = owner.getByRole('dialog', { name: 'Add account' });
    await form.getByLabel('Account label').fill(label);
    await form.getByLabel('Login URL').fill('business.facebook.com');
    await form.getByLabel('Username').fill('ads@acme.test');
    await form.getByLabel('Password', { exact: true }).fill(accountPassword);
    await form.getByLabel('Authenticator key').fill(seed.replace(/(.{4})/g, '$1 ').trim());
    await form.getByLabel('Notes').fill('Billing admin is Olga.');
    await form.getByRole('button', { name: 'Add account' }).click();
    await owner.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    const accountId = new URL(owner.url()).pathname.split('/').pop()!;
    await owner.getByRole('heading', { name: label }).waitFor();

    // A member joins (invitation accepted with the mailed token), and the Owner shares as Collaborator.
    const invite = await ownerContext.request.post('/api/v1/members', { data: { email: memberEmail, role: 'user', firstName: 'Mia', lastName: 'Member' } });
    expect(invite.status(), await invite.text()).toBe(201);
    const token = await invitationToken(ownerContext, memberEmail);
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: signInPassword, firstName: 'Mia', lastName: 'Member' } });
    expect(accepted.statusCode, accepted.body).toBe(200);

    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const share = owner.getByRole('dialog', { name: `Share ${label}` });
    await share.getByLabel('Share with').selectOption({ label: `Mia Member (${memberEmail})` });
    await share.getByLabel('Access role').selectOption('collaborator');
    await snap(owner, 'share');
    await share.getByRole('button', { name: 'Share', exact: true }).click();
    await share.getByLabel('Access of Mia Member').waitFor();
    expect(await share.getByLabel('Access of Mia Member').inputValue()).toBe('collaborator');
    await share.getByText('Everyone in the workspace already has access').waitFor();
    // The last Owner can't be removed: the dialog says why in plain words.
    await share.getByRole('button', { name: 'Remove Olga Owner' }).click();
    await share.getByText('An account always needs at least one Owner').waitFor();
    await share.getByRole('button', { name: 'Done' }).click();

    // The Collaborator signs in in their own browser profile; every response body is recorded.
    const { context: collaboratorContext, page: collaborator } = await t.newPage();
    const responses = recordResponses(collaborator);
    await signIn(collaborator, memberEmail);
    const card = collaborator.getByRole('link', { name: label });
    await card.waitFor();
    await card.click();
    await collaborator.waitForURL(`**/accounts/${accountId}`);
    await collaborator.getByText('Only Owners can see this password').waitFor();
    expect(await collaborator.getByRole('button', { name: /password/i }).count()).toBe(0);
    expect(await collaborator.getByRole('button', { name: /export seed/i }).count()).toBe(0);
    await collaborator.getByRole('button', { name: 'Copy username' }).waitFor();

    await collaborator.getByRole('button', { name: 'Show code' }).click();
    const codeText = (await collaborator.getByTestId('totp-code').textContent())?.replace(/\s/g, '') ?? '';
    const step = Math.floor(Date.now() / 30_000);
    const params = parseTotpInput(seed);
    expect([step - 1, step, step + 1].map((s) => codeForStep(params, s))).toContain(codeText);
    await snap(collaborator, 'collaborator');

    // The server refuses the Collaborator's direct attempts too.
    const direct = await collaboratorContext.request.post(`/api/v1/accounts/${accountId}/password/retrieve`, { data: { purpose: 'show' } });
    expect(direct.status()).toBe(403);
    const exportTry = await collaboratorContext.request.post(`/api/v1/accounts/${accountId}/totp/export`);
    expect(exportTry.status()).toBe(403);

    await collaborator.close();
    const captured = await Promise.all(responses);
    const api = captured.filter((r) => r.url.includes('/api/v1/'));
    expect(api.some((r) => r.url.includes(`/accounts/${accountId}/totp-code`) && r.body.includes(codeText))).toBe(true);
    expect(api.some((r) => r.url.endsWith(`/accounts/${accountId}`))).toBe(true);
    const seedForms = [seed, seed.toLowerCase(), seed.replace(/(.{4})/g, '$1 ').trim()];
    for (const response of captured) {
      expect(response.body, `password in ${response.url}`).not.toContain(accountPassword);
      for (const form of seedForms) expect(response.body, `seed in ${response.url}`).not.toContain(form);
      expect(response.body, `notes in ${response.url}`).not.toContain('Billing admin is Olga.');
    }

    // The Owner shows and copies the password; each is an activity event.
    await owner.getByRole('button', { name: 'Show password' }).click();
    expect(await owner.getByTestId('password-value').textContent()).toBe(accountPassword);
    await snap(owner, 'owner');
    await owner.getByRole('button', { name: 'Hide password' }).click();
    await owner.getByRole('button', { name: 'Copy password' }).click();
    await owner.getByText('Password copied').waitFor();
    expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(accountPassword);

    const activity = await ownerContext.request.get('/api/v1/activity?type=account.password_retrieved');
    const events = ((await activity.json()) as { data: { target: { id: string } | null; data: { purpose?: string } }[] }).data;
    const purposes = events.filter((event) => event.target?.id === accountId).map((event) => event.data.purpose);
    expect(purposes.sort()).toEqual(['copy', 'show']);
    const codeReads = await ownerContext.request.get('/api/v1/activity?type=account.mfa_code_retrieved');
    const reads = ((await codeReads.json()) as { data: { actor: { email: string | null } }[] }).data;
    expect(reads.some((event) => event.actor.email === memberEmail)).toBe(true);

    await ownerContext.close();
    await collaboratorContext.close();
  });
});

