import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

/** Steps every browser test shares: signing in to Latchkey, invitation tokens from the outbox, and screenshots for the docs. */

export const signInPassword = 'correct horse battery staple';

export async function signIn(page: Page, address: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Password', { exact: true }).fill(signInPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/accounts');
}

/** The one-time token of the workspace invitation mailed to `to`, read from the admins' outbox (no SMTP in tests). */
export async function invitationToken(context: BrowserContext, to: string): Promise<string> {
  const outbox = await context.request.get('/api/v1/outbox');
  const mail = ((await outbox.json()) as { data: { to: string; text: string }[] }).data.find((m) => m.to === to);
  const token = mail?.text.match(/#token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no invitation mailed to ${to}`);
  return token;
}

/**
 * With LATCHKEY_SCREENSHOTS=docs/images, saves `<prefix>-<step>.png` of the page (Latchkey's or
 * an app's) for the docs, without toasts. With `height`, the viewport is that tall for the picture,
 * enough for a whole dialog; without it the page is taken as it is.
 */
export function screenshots(prefix: string, height?: number): (page: Page, step: string) => Promise<void> {
  const dir = process.env['LATCHKEY_SCREENSHOTS'];
  return async (page, step) => {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const size = page.viewportSize();
    if (height) await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${dir}/${prefix}-${step}.png`, style: '.mantine-Notifications-root { display: none !important; }' });
    if (height && size) await page.setViewportSize(size);
  };
}
