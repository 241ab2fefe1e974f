import { classesContain } from './classes.ts';
import { formatClassList } from './format.ts';
import { parsePasswordRules } from './parse.ts';
import type { PasswordRules } from './types.ts';

export interface PasswordCheck {
  ok: boolean;
  /** Human-readable reasons. They describe counts and classes only, never the password's characters. */
  violations: string[];
}

/**
 * Check a password against rules. Lengths count code points, so an emoji is one character.
 *
 * @example checkPassword('abc', parsePasswordRules('minlength: 8;')).violations // ['is 3 characters long; at least 8 required']
 */
export function checkPassword(password: string, rules: PasswordRules | string): PasswordCheck {
  const r = typeof rules === 'string' ? parsePasswordRules(rules) : rules;
  const chars = Array.from(password);
  const violations: string[] = [];

  if (r.minLength !== null && chars.length < r.minLength) {
    violations.push(`is ${chars.length} characters long; at least ${r.minLength} required`);
  }
  if (r.maxLength !== null && chars.length > r.maxLength) {
    violations.push(`is ${chars.length} characters long; at most ${r.maxLength} allowed`);
  }
  for (const req of r.required) {
    if (!chars.some((ch) => classesContain(req, ch))) {
      violations.push(`needs at least one character from: ${formatClassList(req)}`);
    }
  }
  const outside = chars.filter((ch) => !classesContain(r.allowed, ch)).length;
  if (outside > 0) {
    violations.push(`has ${outside} character(s) outside the allowed set: ${formatClassList(r.allowed)}`);
  }
  if (r.maxConsecutive !== null) {
    const longest = longestRun(chars);
    if (longest > r.maxConsecutive) {
      violations.push(`repeats one character ${longest} times in a row; at most ${r.maxConsecutive} allowed`);
    }
  }
  return { ok: violations.length === 0, violations };
}

function longestRun(chars: readonly string[]): number {
  let longest = 0;
  let run = 0;
  let prev: string | undefined;
  for (const ch of chars) {
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    if (run > longest) longest = run;
  }
  return longest;
}
