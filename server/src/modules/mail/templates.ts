/** Plain-text and HTML bodies for every email Latchkey sends. One function per kind. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#1c7ed6;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="color:#666;font-size:12px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif"><h2>${escapeHtml(title)}</h2>${body}${button}</body></html>`;
}

export function memberInvitation(p: { workspaceName: string; inviterName: string; url: string; expiresAt: Date }): MailContent {
  const subject = `${p.inviterName} invited you to ${p.workspaceName} on Latchkey`;
  const lines = [
    `${p.inviterName} invited you to join the ${p.workspaceName} workspace on Latchkey.`,
    `Set your password to accept. The link works once and expires on ${p.expiresAt.toUTCString()}.`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n\nAccept the invitation: ${p.url}\n`, html: layout(subject, lines, { label: 'Accept invitation', url: p.url }) };
}

export function passwordReset(p: { workspaceName: string; url: string; expiresAt: Date }): MailContent {
  const subject = `Reset your Latchkey password for ${p.workspaceName}`;
  const lines = [
    'Someone asked to reset the password of your Latchkey account. If it was not you, ignore this email: your password stays the same.',
    `The link works once and expires on ${p.expiresAt.toUTCString()}.`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n\nReset your password: ${p.url}\n`, html: layout(subject, lines, { label: 'Reset password', url: p.url }) };
}

export function claimNotice(p: { collectionName: string; sharedBy: string; url: string }): MailContent {
  const subject = `${p.sharedBy} shared ${p.collectionName} with you on Latchkey`;
  const lines = [
    `${p.sharedBy} shared the collection ${p.collectionName} with you.`,
    'Claim your invite in Latchkey: we then ask each app to invite you, and you connect your account from your dashboard.',
  ];
  return { subject, text: `${lines.join('\n\n')}\n\nGo to Latchkey: ${p.url}\n`, html: layout(subject, lines, { label: 'Go to Latchkey', url: p.url }) };
}

export function grantExpiring(p: { hubLabel: string; who: string; expiresAt: Date; url: string }): MailContent {
  const subject = `Access to ${p.hubLabel} ends on ${p.expiresAt.toUTCString()}`;
  const lines = [
    `${p.who}'s time-boxed access to ${p.hubLabel} ends on ${p.expiresAt.toUTCString()}.`,
    'When it ends, Latchkey removes that access path, and the seat in the app too unless another path remains. A hub Owner can extend it by sharing again with a later date.',
  ];
  return { subject, text: `${lines.join('\n\n')}\n\nReview access: ${p.url}\n`, html: layout(subject, lines, { label: 'Review access', url: p.url }) };
}

export function inviteResent(p: { appName: string; hubLabel: string; email: string; attempt: number; maxAttempts: number; url: string }): MailContent {
  const subject = `Your ${p.appName} invite expired, so we sent a new one`;
  const lines = [
    `Your invite to ${p.hubLabel} in ${p.appName} expired before it was accepted. Latchkey asked ${p.appName} to send a new one to ${p.email} (automatic re-invite ${p.attempt} of ${p.maxAttempts}).`,
    `Open the new e-mail from ${p.appName} and accept it, then connect your account from your Latchkey dashboard.`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n\nOpen your dashboard: ${p.url}\n`, html: layout(subject, lines, { label: 'Open your dashboard', url: p.url }) };
}
