import type { CharClass } from './classes.ts';

/**
 * A parsed and canonicalised rule set, in the shape of Apple's parser output.
 * - `required`: one entry per `required:` property; each needs one character from the union of its classes.
 * - `allowed`: the union of every `allowed:` and `required:` class; `ascii-printable` when neither appeared.
 * - Lengths and `maxConsecutive` are already merged (largest minlength, smallest maxlength and max-consecutive).
 */
export interface PasswordRules {
  readonly required: readonly (readonly CharClass[])[];
  readonly allowed: readonly CharClass[];
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly maxConsecutive: number | null;
}
