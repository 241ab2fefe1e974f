import { AppError } from '../errors.ts';
import { expandClasses } from './classes.ts';
import { formatPasswordRules } from './format.ts';
import type { PasswordRules } from './types.ts';

/** What the generator draws from, after our exclusions; computed once per rules object. */
export interface GenerationPlan {
  /** Distinct required sets that still matter (a set containing another required set is implied by it). */
  readonly requiredSets: readonly string[];
  /** Characters for the remaining positions. */
  readonly freeSet: string;
  readonly minLength: number;
  readonly maxLength: number | null;
  readonly maxConsecutive: number | null;
}

/** Generated passwords longer than this are a misconfiguration (and would make generation slow). */
export const MAX_GENERATED_LENGTH = 4096;

const SPACE = ' ';
/** Characters that break naive shell, CSV, JSON or form handling on the receiving site. */
const AWKWARD = `"'\`\\`;

/**
 * Drop the space (trimmed by many sites) and then quotes, backtick and backslash, each step only when the set
 * stays non-empty: a rule that demands them still gets them.
 */
export function applyExclusions(set: string): string {
  const noSpace = set.includes(SPACE) && set.length > 1 ? set.replace(SPACE, '') : set;
  const noAwkward = [...noSpace].filter((ch) => !AWKWARD.includes(ch)).join('');
  return noAwkward.length > 0 ? noAwkward : noSpace;
}

export function impossible(rules: PasswordRules, why: string): AppError {
  const text = formatPasswordRules(rules);
  return new AppError('invalid_password_rules', `Password rules cannot be satisfied: ${why} (rules: ${text})`, {
    rules: text,
  });
}

/**
 * Expand rules into the sets the generator draws from and reject rules no password can meet
 * (minlength > maxlength, more required sets than maxlength, an empty set, max-consecutive over a one-character
 * alphabet).
 */
export function planGeneration(rules: PasswordRules): GenerationPlan {
  const { minLength, maxLength, maxConsecutive } = rules;
  if (minLength !== null && maxLength !== null && minLength > maxLength) {
    throw impossible(rules, `minlength ${minLength} is greater than maxlength ${maxLength}`);
  }
  if (minLength !== null && minLength > MAX_GENERATED_LENGTH) {
    throw impossible(rules, `minlength ${minLength} is above the generator's limit of ${MAX_GENERATED_LENGTH}`);
  }

  const expanded = [...new Set(rules.required.map((r) => expandClasses(r)))];
  // The parser never produces empty sets, but rules objects can also be built in code.
  if (expanded.includes('')) throw impossible(rules, 'a required set has no characters');
  // A required set that contains another one is met by whatever meets the smaller one.
  const minimal = expanded.filter(
    (set, i) => !expanded.some((other, j) => j !== i && other.length < set.length && [...other].every((ch) => set.includes(ch))),
  );
  const requiredSets = [...new Set(minimal.map(applyExclusions))];
  if (maxLength !== null && requiredSets.length > maxLength) {
    throw impossible(rules, `${requiredSets.length} different required character sets do not fit in maxlength ${maxLength}`);
  }

  const allowed = expandClasses(rules.allowed);
  if (allowed === '') throw impossible(rules, 'the allowed set is empty');
  let freeSet = applyExclusions(allowed);
  // Our exclusions must not be what makes max-consecutive impossible.
  if (maxConsecutive !== null && freeSet.length < 2) freeSet = allowed;
  let cap = maxLength;
  if (maxConsecutive !== null && freeSet.length < 2) {
    // One character in total (required sets are subsets of the allowed set): only runs up to N are compliant.
    const needed = Math.max(minLength ?? 1, requiredSets.length);
    if (needed > maxConsecutive) {
      throw impossible(
        rules,
        `max-consecutive ${maxConsecutive} over a one-character alphabet allows at most ${maxConsecutive} characters, but ${needed} are needed`,
      );
    }
    cap = Math.min(cap ?? maxConsecutive, maxConsecutive);
  }
  return { requiredSets, freeSet, minLength: minLength ?? 0, maxLength: cap, maxConsecutive };
}
