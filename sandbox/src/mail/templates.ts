import { escapeHtml } from '../web/html.ts';
import type { SandboxMail } from './mailer.ts';

/** The invite email: plain text first (code extractors and people both read it), with a simple HTML twin. */
export function inviteMail(p: { to: string; businessName: string; role: string; link: string; expiresAt: Date }): SandboxMail {
  const expires = p.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const text = [
    `You're invited to join ${p.businessName} on Sandbox Business Center as ${p.role}.`,
    '',
    `Accept the invitation and create your account:`,
    p.link,
    '',
    `This link expires on ${expires} UTC. If you weren't expecting this, ignore this email.`,
  ].join('\n');
  const html = `<p>You're invited to join <strong>${escapeHtml(p.businessName)}</strong> on Sandbox Business Center as ${escapeHtml(p.role)}.</p>
<p><a href="${escapeHtml(p.link)}">Accept the invitation</a></p>
<p>This link expires on ${escapeHtml(expires)} UTC. If you weren't expecting this, ignore this email.</p>`;
  return { to: p.to, subject: `Join ${p.businessName} on Sandbox Business Center`, text, html };
}
