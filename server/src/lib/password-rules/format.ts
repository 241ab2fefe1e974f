import type { CharClass } from './classes.ts';
import type { PasswordRules } from './types.ts';

/**
 * One class list as rule text, e.g. `upper, digit, [-!#]`. Custom classes are stored with `-` first and `]` last,
 * so wrapping them in brackets already yields the grammar's `]]` for a literal bracket.
 */
export function formatClassList(classes: readonly CharClass[]): string {
  return classes.map((c) => (c.kind === 'named' ? c.name : `[${c.chars}]`)).join(', ');
}

/**
 * Canonical rule text in Apple's order (required…, allowed, max-consecutive, minlength, maxlength).
 * Parsing the output gives back an equal `PasswordRules`.
 *
 * @example formatPasswordRules(parsePasswordRules('minlength: 8;')) // 'allowed: ascii-printable; minlength: 8;'
 */
export function formatPasswordRules(rules: PasswordRules): string {
  const parts: string[] = [];
  for (const req of rules.required) parts.push(`required: ${formatClassList(req)};`);
  if (rules.allowed.length > 0) parts.push(`allowed: ${formatClassList(rules.allowed)};`);
  if (rules.maxConsecutive !== null) parts.push(`max-consecutive: ${rules.maxConsecutive};`);
  if (rules.minLength !== null) parts.push(`minlength: ${rules.minLength};`);
  if (rules.maxLength !== null) parts.push(`maxlength: ${rules.maxLength};`);
  return parts.join(' ');
}
