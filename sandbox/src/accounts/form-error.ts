/**
 * A person's mistake on a page (wrong code, weak password). Pages catch it and re-render the form
 * with every message listed; it never becomes an HTTP 500.
 */
export class FormError extends Error {
  override name = 'FormError';
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
  }
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/** Accepts the spaces, dots, dashes and brackets people type; anything else must already be E.164. */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.()-]/g, '');
  return E164.test(compact) ? compact : null;
}
