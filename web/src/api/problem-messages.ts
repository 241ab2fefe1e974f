import { isApiError } from './api-error.ts';

/** Per-screen overrides: a code, or a function of the error for messages that need its data. */
export type ProblemMessages = Partial<Record<string, string>>;

/**
 * Plain-language messages for the server's stable problem codes. Each says what
 * happened and how to fix it; unknown codes fall back to the server's `detail`.
 */
const DEFAULT_MESSAGES: Record<string, string> = {
  network_error: 'We could not reach the Latchkey server. Check your connection and try again.',
  validation_failed: 'Some fields need attention. Fix the highlighted values and try again.',
  malformed_json: 'The request could not be read. Reload the page and try again.',
  invalid_token: 'This link is not valid. Open the latest email you received, or ask for a new link.',
  token_expired: 'This link has expired. Ask for a new one.',
  token_used: 'This link has already been used. Ask for a new one if you still need it.',
  invalid_totp: 'That authentication code did not work. Enter the current 6-digit code from your authenticator app.',
  unauthenticated: 'Your session has ended. Sign in again to continue.',
  invalid_credentials: "That email and password don't match. Check both and try again.",
  totp_required: 'Enter the 6-digit code from your authenticator app.',
  forbidden: "Your role doesn't allow this. Ask a workspace admin if you need it.",
  insufficient_scope: "This key doesn't have the scope for this action.",
  csrf_rejected: 'The request came from another site and was blocked. Reload Latchkey and try again.',
  not_found: 'We could not find that. It may have been removed, or you may not have access.',
  conflict: 'That conflicts with something that already exists. Change the value and try again.',
  setup_done: 'This workspace is already set up. Sign in instead.',
  workspace_required: 'Choose which workspace to sign in to.',
  last_owner: 'A workspace needs exactly one owner. Transfer ownership before changing this.',
  oauth_not_configured: 'Authorising this app isn’t set up on this Latchkey. Paste an access token instead, or ask the person who runs Latchkey to register the app.',
  payload_too_large: 'That is too large to send. Shorten it and try again.',
  unavailable: 'Latchkey is starting up or under maintenance. Try again in a minute.',
  internal: 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
};

/** The friendly message for an error: screen override → default by code → server detail → generic. */
export function problemMessage(error: unknown, overrides: ProblemMessages = {}): string {
  if (!isApiError(error)) {
    return error instanceof Error && error.message ? error.message : 'Something went wrong. Try again.';
  }
  if (error.code === 'rate_limited') return rateLimitedMessage(error.retryAfterSeconds);
  const message = overrides[error.code] ?? DEFAULT_MESSAGES[error.code];
  if (message) return message;
  if (error.detail) return error.detail;
  return error.status >= 500 ? DEFAULT_MESSAGES['internal'] ?? error.title : error.title;
}

export function rateLimitedMessage(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined || retryAfterSeconds <= 0) {
    return 'Too many attempts. Wait a moment, then try again.';
  }
  const unit = retryAfterSeconds === 1 ? 'second' : 'seconds';
  return `Too many attempts. Wait ${retryAfterSeconds} ${unit}, then try again.`;
}

/** `/firstName` → "First name"; `/members/0/email` → "Members 1 email". */
export function humanizePointer(pointer: string): string {
  const parts = pointer
    .replace(/^#?\//, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part));
  const words = parts
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Request';
}
