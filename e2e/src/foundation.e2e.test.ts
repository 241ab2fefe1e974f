import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.ts';

const get = useBrowserApp();
const ownerPassword = 'owner passphrase 2026';
const memberPassword = 'member passphrase 2026';

describe('first run, invitation and sign-in in a real browser', () => {
  it('creates the workspace, invites a member through the outbox, and the member joins and signs in', async () => {
    const t = get();
    const { context: ownerCtx, page } = await t.newPage();

    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByLabel('Workspace name').fill('Acme Marketing');
    await page.getByLabel('First name').fill('Olga');
    await page.getByLabel('Last name').fill('Owner');
    await page.getByLabel('Email').fill('olga@acme.test');
    await page.getByLabel('Password', { exact: true }).fill(ownerPassword);
    await page.getByLabel('Confirm password').fill(ownerPassword);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/accounts');

    await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Invite member' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('mia@acme.test');
    await dialog.getByLabel('Role').selectOption('user');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    const row = page.getByRole('row', { name: /mia@acme\.test/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Pending');

    await page.goto('/settings?tab=outbox');
    await page.getByText(/invited you to Acme Marketing/).first().click();
    const link = page.getByRole('dialog').getByRole('link', { name: /accept-invite#token=/ });
    const inviteUrl = await link.getAttribute('href');
    expect(inviteUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/accept-invite#token=[\w-]{40,}$/);
    await ownerCtx.close();

    const { context: memberCtx, page: member } = await t.newPage();
    await member.goto(inviteUrl!);
    await member.getByRole('heading', { name: 'Join Acme Marketing' }).waitFor();
    expect(await member.getByLabel('Email').inputValue()).toBe('mia@acme.test');
    await member.getByLabel('First name').fill('Mia');
    await member.getByLabel('Last name').fill('Member');
    await member.getByLabel('Password', { exact: true }).fill(memberPassword);
    await member.getByLabel('Confirm password').fill(memberPassword);
    await member.getByRole('button', { name: 'Join workspace' }).click();
    await member.waitForURL('**/accounts');

    await member.getByRole('button', { name: /Account menu for Mia/ }).click();
    await member.getByRole('menuitem', { name: 'Sign out' }).click();
    await member.waitForURL('**/login**');
    await member.getByLabel('Email').fill('mia@acme.test');
    await member.getByLabel('Password', { exact: true }).fill(memberPassword);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.waitForURL('**/accounts');
    await member.getByRole('button', { name: /Account menu for Mia/ }).waitFor();

    // The used invitation link is refused with a message that says what to do.
    await member.goto(inviteUrl!);
    await member.getByText(/already (used|accepted)/i).first().waitFor();
    await memberCtx.close();
  });
});
