import { parsePasswordRules } from './parse.ts';
import type { PasswordRules } from './types.ts';

/** Spec §10.10: used when neither the app, the hub nor the account sets a rule. */
export const DEFAULT_PASSWORD_RULES_TEXT =
  'minlength: 20; maxlength: 32; required: lower; required: upper; required: digit; required: [-!#$%*_+=?];';

/**
 * Length when the caller does not ask for one, clamped into the rule's [minlength, maxlength]. 20 characters over
 * even a digits-and-letters alphabet is over 110 bits, and 20 fits nearly every site's maximum.
 */
export const DEFAULT_GENERATED_LENGTH = 20;

/** The parsed default rules (parsed once; the object is shared, so it is frozen). */
export const DEFAULT_PASSWORD_RULES: PasswordRules = Object.freeze(parsePasswordRules(DEFAULT_PASSWORD_RULES_TEXT));
