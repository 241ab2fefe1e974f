import { AppError } from '../errors.ts';
import { canonicalizeClasses } from './canonicalize.ts';
import { isAsciiPrintable, NAMED_CLASSES, type CharClass, type NamedClass } from './classes.ts';
import type { PasswordRules } from './types.ts';

const RULE_NAMES = ['required', 'allowed', 'max-consecutive', 'minlength', 'maxlength'] as const;
type RuleName = (typeof RULE_NAMES)[number];

/** Larger values are typos or attacks on the generator, not real site policies. */
const MAX_INTEGER = 100_000;

type RawRule =
  | { name: 'required' | 'allowed'; classes: CharClass[] }
  | { name: 'max-consecutive' | 'minlength' | 'maxlength'; value: number };

/**
 * Parse Apple's password-rules language (https://developer.apple.com/password-rules/) and canonicalise it like
 * Apple's reference parser. Where that parser silently drops input (unknown or mis-cased property, bad class
 * name, `[a-z]`-style ranges, `max-consecutive: 0`, a class left empty), this one throws
 * `AppError('invalid_password_rules')` naming the offending part, because a silently weakened rule produces
 * passwords the site rejects.
 *
 * Custom classes follow the published escaping: `-` is literal first (and, as an extension, last); a literal `]`
 * is written last as `]]` (and, as an extension, may come first: `[]abc]`). Non-ASCII characters in a custom
 * class are skipped, as in Apple's parser.
 */
export function parsePasswordRules(input: string): PasswordRules {
  return canonicalize(parseRaw(input));
}

function fail(input: string, pos: number, message: string): never {
  const at = pos >= input.length ? 'at the end' : `at position ${pos} (near "${input.slice(pos, pos + 12)}")`;
  throw new AppError('invalid_password_rules', `Password rules: ${message} ${at}`, { rules: input, position: pos });
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isIdentChar = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '-');
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function parseRaw(input: string): RawRule[] {
  const rules: RawRule[] = [];
  let pos = 0;
  const skipWs = (): void => {
    while (isWs(input[pos])) pos++;
  };
  const ident = (): string => {
    const start = pos;
    while (isIdentChar(input[pos])) pos++;
    return input.slice(start, pos);
  };

  const customClass = (): CharClass => {
    const open = pos;
    pos++; // '['
    const first = pos;
    const chars: string[] = [];
    for (;;) {
      const c = input[pos];
      if (c === undefined) fail(input, open, 'unterminated custom class "[" (a literal "]" is written last, as "]]")');
      const next = input[pos + 1];
      if (c === ']') {
        // `[]abc]`: a leading "]" followed by more class text is a literal, as in POSIX brackets.
        if (pos === first && next !== undefined && next !== ']' && next !== ';' && next !== ',' && !isWs(next)) {
          chars.push(c);
          pos++;
          continue;
        }
        if (next === ']') {
          chars.push(']');
          pos += 2;
        } else {
          pos++;
        }
        break;
      }
      if (c === '-' && pos !== first && next !== ']') {
        fail(input, pos, 'a "-" inside a custom class must come first or last (ranges like [a-z] are not supported)');
      }
      if (isAsciiPrintable(c)) chars.push(c);
      pos++;
    }
    const unique = [...new Set(chars)].join('');
    if (unique.length === 0) {
      fail(input, open, `custom class "${input.slice(open, pos)}" has no ASCII printable characters`);
    }
    return { kind: 'custom', chars: unique };
  };

  const classList = (rule: string): CharClass[] => {
    const classes: CharClass[] = [];
    for (;;) {
      const c = input[pos];
      if (isIdentChar(c)) {
        const start = pos;
        const name = ident().toLowerCase();
        if (!(NAMED_CLASSES as readonly string[]).includes(name)) {
          fail(input, start, `unknown character class "${input.slice(start, pos)}" in "${rule}" (expected one of ${NAMED_CLASSES.join(', ')} or [...])`);
        }
        classes.push({ kind: 'named', name: name as NamedClass });
      } else if (c === '[') {
        classes.push(customClass());
      } else {
        fail(input, pos, `expected a character class in "${rule}"`);
      }
      skipWs();
      if (pos >= input.length || input[pos] === ';') return classes;
      if (input[pos] !== ',') fail(input, pos, `expected "," or ";" after a class in "${rule}"`);
      pos++;
      skipWs();
    }
  };

  const integer = (rule: RuleName): number => {
    const start = pos;
    while (isDigit(input[pos])) pos++;
    if (pos === start) fail(input, start, `"${rule}" needs a whole number`);
    const value = Number(input.slice(start, pos));
    if (value > MAX_INTEGER) fail(input, start, `"${rule}" value ${input.slice(start, pos)} is larger than ${MAX_INTEGER}`);
    if (rule === 'max-consecutive' && value === 0) fail(input, start, '"max-consecutive" must be at least 1');
    if (rule === 'maxlength' && value === 0) fail(input, start, '"maxlength" must be at least 1');
    return value;
  };

  skipWs();
  while (pos < input.length) {
    // Stray or doubled ";" are empty statements; tolerating them cannot weaken a rule.
    if (input[pos] === ';') {
      pos++;
      skipWs();
      continue;
    }
    const start = pos;
    const word = ident();
    if (word === '') fail(input, start, 'expected a property name');
    if (!(RULE_NAMES as readonly string[]).includes(word)) {
      const hint = (RULE_NAMES as readonly string[]).includes(word.toLowerCase())
        ? ` (property names are lower-case: "${word.toLowerCase()}")`
        : ` (expected one of ${RULE_NAMES.join(', ')})`;
      fail(input, start, `unknown property "${word}"${hint}`);
    }
    const name = word as RuleName;
    if (input[pos] !== ':') fail(input, pos, `expected ":" right after "${name}"`);
    pos++;
    skipWs();
    if (pos >= input.length || input[pos] === ';') fail(input, pos, `"${name}" has no value`);
    if (name === 'required' || name === 'allowed') rules.push({ name, classes: classList(name) });
    else rules.push({ name, value: integer(name) });
    skipWs();
    if (pos < input.length && input[pos] !== ';') fail(input, pos, `expected ";" after the "${name}" rule`);
  }
  return rules;
}

function canonicalize(raw: readonly RawRule[]): PasswordRules {
  const required: CharClass[][] = [];
  let allowedInput: CharClass[] = [];
  let minLength: number | null = null;
  let maxLength: number | null = null;
  let maxConsecutive: number | null = null;
  for (const rule of raw) {
    switch (rule.name) {
      case 'required': {
        const classes = canonicalizeClasses(rule.classes);
        required.push(classes);
        allowedInput = allowedInput.concat(classes);
        break;
      }
      case 'allowed':
        allowedInput = allowedInput.concat(rule.classes);
        break;
      case 'minlength':
        // Apple treats 0 as "no value"; it is a no-op either way.
        if (rule.value > 0) minLength = Math.max(minLength ?? 0, rule.value);
        break;
      case 'maxlength':
        maxLength = maxLength === null ? rule.value : Math.min(maxLength, rule.value);
        break;
      case 'max-consecutive':
        maxConsecutive = maxConsecutive === null ? rule.value : Math.min(maxConsecutive, rule.value);
        break;
    }
  }
  const allowed = canonicalizeClasses(allowedInput);
  return {
    required,
    allowed: allowed.length > 0 ? allowed : [{ kind: 'named', name: 'ascii-printable' }],
    minLength,
    maxLength,
    maxConsecutive,
  };
}
