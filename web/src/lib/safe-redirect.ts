const DEFAULT_PATH = '/accounts';

/** Only same-app paths: blocks `//evil.example` and `https://…` open redirects. */
export function safeRedirect(target: unknown): string {
  if (typeof target !== 'string') return DEFAULT_PATH;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return DEFAULT_PATH;
  if (/^\/(login|setup)(\/|\?|#|$)/.test(target)) return DEFAULT_PATH;
  return target;
}
