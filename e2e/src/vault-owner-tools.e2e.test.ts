import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { codeForStep, parseTotpInput } from '../../server/src/lib/totp/index.ts';
import { signIn, signInPassword } from './browser-kit.ts';
import { useBrowserApp } from './harness.ts';

/**
 * The Owner's tools in the browser: the password generator (options, rules, impossible rules), an
 * authenticator set up from an uploaded QR image decoded in the browser, backup codes, custom
 * fields, seed export, edit, disable/enable, trash/restore — and no "Add account" for login-only members.
 */

// vault-totp-qr.png encodes exactly this setup link (made with `qrencode -s 6 -m 3`).
const qrSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const qrImage = fileURLToPath(new URL('./vault-totp-qr.png', import.meta.url));
const ownerEmail = `olga.${process.pid}@tools.test`;
const label = 'Pinterest Business – Acme';

/** The generated password once the request for it has settled. */
async function generated(scope: ReturnType<Page['getByRole']>, pattern: RegExp): Promise<string> {
  const output = scope.getByTestId('generated-password');
  await expect.poll(async () => (await output.textContent()) ?? '', { timeout: 10_000 }).toMatch(pattern);
  return (await output.textContent()) ?? '';
}

async function eventTypes(context: BrowserContext, accountId: string): Promise<string[]> {
  const response = await context.request.get('/api/v1/activity?limit=200');
  const events = ((await response.json()) as { data: { type: string; target: { id: string } | null }[] }).data;
  return events.filter((event) => event.target?.id === accountId).map((event) => event.type);
}

describe('vault in the browser: Owner tools', () => {
  const getApp = useBrowserApp();
  let workspace: Promise<unknown> | undefined;
  /** One workspace for the file, made by whichever test runs first (so each can run alone with -t). */
  const ensureWorkspace = (): Promise<unknown> =>
    (workspace ??= getApp().services.workspaces.create({ workspaceName: 'Tools', email: ownerEmail, password: signInPassword, firstName: 'Olga', lastName: 'Owner' }));

  it('generates passwords from options and rules, explains impossible rules', async () => {
    const t = getApp();
    await ensureWorkspace();
    const { context, page } = await t.newPage();
    await signIn(page, ownerEmail);

    await page.getByRole('button', { name: 'Password generator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Password generator' });
    const first = await generated(dialog, /^\S{20}$/);
    expect(first).toMatch(/[A-Z]/);
    expect(first).toMatch(/[a-z]/);
    expect(first).toMatch(/[0-9]/);
    expect(first).toMatch(/[-!#$%*_+=?]/);

    await dialog.getByLabel('Length', { exact: true }).fill('12');
    await dialog.getByLabel('Symbols (-!#$%*_+=?)').uncheck();
    await dialog.getByText('minlength: 12; maxlength: 12; required: upper; required: lower; required: digit; allowed: upper, lower, digit;').waitFor();
    const alnum = await generated(dialog, /^[A-Za-z0-9]{12}$/);
    await dialog.getByRole('button', { name: 'Regenerate' }).click();
    const again = await generated(dialog, /^[A-Za-z0-9]{12}$/);
    expect(again).not.toBe(alnum);

    await dialog.getByText('Write rules').click();
    await dialog.getByLabel('Rules', { exact: true }).fill('minlength: 30; maxlength: 10;');
    await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
    await dialog.getByText(/Password rules cannot be satisfied/).waitFor();
    await dialog.getByLabel('Rules', { exact: true }).fill('minlength: 16; maxlength: 16; required: digit;');
    await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
    await generated(dialog, /^[0-9]{16}$/);
    await context.close();
  });

  it('sets up an authenticator from a QR image, keeps backup codes and custom fields, exports the seed, edits, disables and trashes', async () => {
    const t = getApp();
    await ensureWorkspace();
    const { context, page } = await t.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await signIn(page, ownerEmail);

    await page.getByRole('button', { name: 'Add account' }).click();
    const form = page.getByRole('dialog', { name: 'Add account' });
    await form.getByLabel('Account label').fill(label);
    await form.getByLabel('Login URL').fill('https://business.pinterest.com/login');
    await form.getByLabel('Email').fill('ads@acme.test');
    await form.getByLabel('QR code image').setInputFiles(qrImage);
    await form.getByText('QR code read: Pinterest Business (ads@acme.test)').waitFor();
    expect(await form.getByLabel('Authenticator key').inputValue()).toContain(`secret=${qrSecret}`);

    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await generated(form, /^\S{20}$/);
    await form.getByRole('button', { name: 'Use this password' }).click();
    const passwordInput = form.getByLabel('Password', { exact: true });
    await expect.poll(() => passwordInput.inputValue(), { timeout: 10_000 }).toHaveLength(20);
    const password = await passwordInput.inputValue();

    await form.getByLabel('Backup codes').fill('1111-2222\n3333-4444\n');
    await form.getByRole('button', { name: 'Add custom field' }).click();
    await form.getByLabel('Field 1 name').fill('Business ID');
    await form.getByLabel('Field 1 value').fill('549755813888');
    await form.getByRole('button', { name: 'Add account' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    const accountId = new URL(page.url()).pathname.split('/').pop()!;

    // The code comes from the QR code's secret.
    await page.getByRole('button', { name: 'Show code' }).click();
    const code = (await page.getByTestId('totp-code').textContent())?.replace(/\s/g, '');
    const params = parseTotpInput(qrSecret);
    const step = Math.floor(Date.now() / 30_000);
    expect([step - 1, step, step + 1].map((s) => codeForStep(params, s))).toContain(code);

    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await page.getByTestId('password-value').textContent()).toBe(password);
    await page.getByRole('button', { name: 'Show backup codes' }).click();
    expect(await page.getByTestId('backup-codes').textContent()).toBe('1111-22223333-4444');
    await page.getByText('549755813888').waitFor();
    await page.getByRole('button', { name: 'Copy Business ID' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('549755813888');

    await page.getByRole('button', { name: 'Export seed' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export the authenticator seed?' });
    await exportDialog.getByRole('button', { name: 'Export seed' }).click();
    const seedDialog = page.getByRole('dialog', { name: `Authenticator seed for ${label}` });
    expect(await seedDialog.getByTestId('exported-secret').textContent()).toBe(qrSecret);
    await seedDialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${label}` });
    expect(await edit.getByLabel('Field 1 value').inputValue()).toBe('549755813888');
    await edit.getByLabel('Account label').fill('Pinterest – Acme ads');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Pinterest – Acme ads' }).waitFor();

    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText('This account is disabled').waitFor();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByRole('dialog', { name: 'Move Pinterest – Acme ads to the trash?' }).getByRole('button', { name: 'Move to trash' }).click();
    await page.getByText('This account is in the trash').waitFor();
    await page.getByRole('link', { name: '← All accounts' }).click();
    await page.getByText('No accounts yet').waitFor();
    await page.getByLabel('Filter').selectOption({ label: 'Trash' });
    await page.getByRole('link', { name: 'Pinterest – Acme ads' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Show code' }).waitFor();

    const types = await eventTypes(context, accountId);
    for (const type of ['account.created', 'account.mfa_code_retrieved', 'account.password_retrieved', 'account.backup_codes_retrieved', 'account.totp_exported', 'account.updated', 'account.disabled', 'account.enabled', 'account.deleted', 'account.restored']) {
      expect(types, type).toContain(type);
    }
    await context.close();
  });

  it('has no "Add account" for login-only members, and says what to expect instead', async () => {
    const t = getApp();
    await ensureWorkspace();
    const { context: ownerContext, page: owner } = await t.newPage();
    await signIn(owner, ownerEmail);
    const email = `lena.${process.pid}@tools.test`;
    const invite = await ownerContext.request.post('/api/v1/members', { data: { email, role: 'login_only' } });
    expect(invite.status(), await invite.text()).toBe(201);
    const outbox = await ownerContext.request.get('/api/v1/outbox');
    const mail = ((await outbox.json()) as { data: { to: string; text: string }[] }).data.find((m) => m.to === email);
    const token = mail?.text.match(/#token=([\w-]+)/)?.[1];
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: signInPassword, firstName: 'Lena', lastName: 'Login' } });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const { context, page } = await t.newPage();
    await signIn(page, email);
    await page.getByText('No accounts shared with you yet').waitFor();
    expect(await page.getByRole('button', { name: 'Add account' }).count()).toBe(0);
    await context.close();
    await ownerContext.close();
  });
});
