/** Latchkey's own sign-in passwords: length is what matters (NIST SP 800-63B), so no class rules. */
export const MIN_PASSWORD_LENGTH = 12;

export function validateNewPassword(value: string): string | null {
  if (value.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return null;
}

export function validateConfirmation(value: string, password: string): string | null {
  if (!value) return 'Type the password again to confirm it.';
  return value === password ? null : "The passwords don't match.";
}

/** The live hint under a new-password field. */
export function passwordStrengthHint(value: string): { text: string; ok: boolean } {
  const missing = MIN_PASSWORD_LENGTH - value.length;
  if (value.length === 0) {
    return { text: `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong, memorable password.`, ok: false };
  }
  if (missing > 0) {
    return { text: `${missing} more character${missing === 1 ? '' : 's'} needed (minimum ${MIN_PASSWORD_LENGTH}).`, ok: false };
  }
  return { text: value.length >= 16 ? 'Strong length.' : `Meets the ${MIN_PASSWORD_LENGTH}-character minimum. Longer is stronger.`, ok: true };
}
