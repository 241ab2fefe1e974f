import type { CharClass, PasswordRules } from '../../../server/src/lib/password-rules/index.ts';

const names: Record<string, string> = {
  upper: 'an upper-case letter (A–Z)',
  lower: 'a lower-case letter (a–z)',
  digit: 'a digit (0–9)',
  special: 'a symbol',
  'ascii-printable': 'any printable ASCII character',
  unicode: 'any character',
};

const short: Record<string, string> = { upper: 'A–Z', lower: 'a–z', digit: '0–9', special: 'symbols' };

function describeClasses(classes: readonly CharClass[]): string {
  return classes.map((c) => (c.kind === 'named' ? (names[c.name] ?? c.name) : `one of ${[...c.chars].join(' ')}`)).join(' or ');
}

/**
 * The published rule in plain words, one line each, for the signup and account pages.
 *
 * @example describePasswordRules(parsePasswordRules('minlength: 12; required: digit;')) // ['At least 12 characters', 'At least one digit (0–9)']
 */
export function describePasswordRules(r: PasswordRules): string[] {
  const lines: string[] = [];
  if (r.minLength !== null && r.maxLength !== null) lines.push(`Between ${r.minLength} and ${r.maxLength} characters`);
  else if (r.minLength !== null) lines.push(`At least ${r.minLength} characters`);
  else if (r.maxLength !== null) lines.push(`At most ${r.maxLength} characters`);
  for (const req of r.required) lines.push(`At least ${describeClasses(req)}`.replace(/At least (a|an|one|any) /, 'At least one '));
  if (r.maxConsecutive !== null) lines.push(`No character more than ${r.maxConsecutive} times in a row`);
  const open = r.allowed.some((c) => c.kind === 'named' && (c.name === 'ascii-printable' || c.name === 'unicode'));
  if (!open) lines.push(`Only these characters: ${r.allowed.map((c) => (c.kind === 'named' ? (short[c.name] ?? c.name) : [...c.chars].join(' '))).join(', ')}`);
  return lines;
}
