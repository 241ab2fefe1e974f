import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { checkPassword } from './check.ts';
import { DEFAULT_PASSWORD_RULES, DEFAULT_PASSWORD_RULES_TEXT } from './defaults.ts';
import { pooledRandom, scriptedRandom, seededRandom } from './fake-random.ts';
import { generatePassword } from './generate.ts';
import { parsePasswordRules } from './parse.ts';

function rulesError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

const many = (rules: string, count: number, length?: number): string[] => {
  const parsed = parsePasswordRules(rules);
  const random = pooledRandom();
  return Array.from({ length: count }, () => generatePassword(parsed, { random, length }));
};

describe('generatePassword: the default rule (spec §10.10)', () => {
  it('gives 20 characters with all four required kinds, and accepts lengths in [20, 32]', () => {
    for (const p of many(DEFAULT_PASSWORD_RULES_TEXT, 500)) {
      expect(p).toHaveLength(20);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[-!#$%*_+=?]/);
      expect(p).toMatch(/^[A-Za-z0-9\-!#$%*_+=?]+$/);
    }
    expect(generatePassword(DEFAULT_PASSWORD_RULES, { length: 32 })).toHaveLength(32);
  });

  it.each([19, 33, 0, 20.5])('refuses a requested length of %s outside the rule', (length) => {
    expect(rulesError(() => generatePassword(DEFAULT_PASSWORD_RULES, { length })).code).toBe('validation_failed');
  });

  it('accepts rule text directly', () => {
    expect(checkPassword(generatePassword('minlength: 8; required: digit;'), 'minlength: 8; required: digit;').ok).toBe(true);
  });
});

describe('length choice', () => {
  it.each([
    ['', 20],
    ['minlength: 30;', 30],
    ['maxlength: 12;', 12],
    ['minlength: 6; maxlength: 6;', 6],
    ['allowed: [a]; max-consecutive: 3;', 3],
  ])('%s → %i characters', (rules, length) => {
    expect(generatePassword(rules)).toHaveLength(length);
  });
});

describe('characters we avoid unless a rule demands them', () => {
  it('omits space, quotes, backtick and backslash from broad sets', () => {
    const joined = many('allowed: ascii-printable; minlength: 64; maxlength: 64', 200).join('');
    expect(joined).not.toMatch(/[ "'`\\]/);
    expect(new Set(joined).size).toBe(95 - 5);
  });

  it('keeps them when a required set holds nothing else', () => {
    for (const p of many('required: [ ]; required: lower; minlength: 10;', 50)) expect(p).toContain(' ');
    for (const p of many('required: ["]; minlength: 10;', 50)) expect(p).toContain('"');
    expect(many('allowed: [\\]; maxlength: 1', 1)[0]).toBe('\\');
  });

  it('generates ASCII only for "unicode"', () => {
    expect(many('allowed: unicode; minlength: 40; maxlength: 40', 50).join('')).toMatch(/^[!-~]+$/);
  });
});

describe('max-consecutive', () => {
  it.each([
    'allowed: [ab]; max-consecutive: 1; minlength: 30; maxlength: 30;',
    'allowed: [ab]; required: [a]; required: [b]; max-consecutive: 1; minlength: 2; maxlength: 2;',
    'allowed: [abc]; required: [a]; required: [b]; required: [c]; max-consecutive: 1; minlength: 3; maxlength: 3;',
    'allowed: digit; max-consecutive: 1; minlength: 6; maxlength: 6;',
    'required: [!]; required: [!a]; allowed: [!ab]; max-consecutive: 1; minlength: 16; maxlength: 16;',
  ])('always meets %s', (rules) => {
    for (const p of many(rules, 300)) expect(checkPassword(p, rules)).toEqual({ ok: true, violations: [] });
  });
});

describe('impossible rules fail loudly, naming the rule', () => {
  it.each([
    ['minlength: 12; maxlength: 8;', /minlength 12 is greater than maxlength 8/],
    ['required: lower; required: upper; required: digit; maxlength: 2;', /3 different required character sets do not fit in maxlength 2/],
    ['allowed: [a]; max-consecutive: 2; minlength: 3;', /max-consecutive 2 over a one-character alphabet/],
    ['required: [x]; max-consecutive: 1; minlength: 2;', /max-consecutive 1 over a one-character alphabet/],
    ['minlength: 5000;', /above the generator's limit/],
  ])('%s', (rules, message) => {
    const err = rulesError(() => generatePassword(rules));
    expect(err.code).toBe('invalid_password_rules');
    expect(err.message).toMatch(message);
    expect(err.message).toContain('rules: ');
  });

  it('rejects empty sets in rules built in code (the parser never makes them)', () => {
    const base = parsePasswordRules('minlength: 8');
    expect(rulesError(() => generatePassword({ ...base, allowed: [] })).message).toMatch(/allowed set is empty/);
    expect(
      rulesError(() => generatePassword({ ...base, required: [[{ kind: 'custom', chars: '' }]] })).message,
    ).toMatch(/required set has no characters/);
  });

  it('does not count a required set implied by a smaller one', () => {
    expect(generatePassword('required: lower; required: lower, upper; maxlength: 1;')).toMatch(/^[a-z]$/);
  });
});

describe('randomness', () => {
  it('draws by rejection sampling: bytes ≥ 255 are skipped for a 3-letter alphabet, never reduced mod 3', () => {
    const random = scriptedRandom([255, 0, 255, 1, 254, 255, 255, 3]);
    expect(generatePassword('allowed: [abc]; minlength: 4; maxlength: 4;', { random })).toBe('abca');
    expect(random.remaining()).toBe(0);
  });

  it('is uniform over a 90-character alphabet (chi-square), where a modulo shortcut would be badly skewed', () => {
    // 256 % 90 = 76, so `byte % 90` would make 76 characters 1.5x as likely as the other 14.
    const passwords = Array.from({ length: 500 }, (_, i) =>
      generatePassword('allowed: ascii-printable; minlength: 64; maxlength: 64', { random: seededRandom(`chi-${i}`) }),
    );
    const chars = passwords.join('');
    expect(chiSquare(counts(chars))).toBeLessThan(CHI2_LIMIT_89);

    const biased = Array.from(seededRandom('modulo').bytes(chars.length), (b) => String.fromCharCode(0x21 + (b % 90))).join('');
    expect(chiSquare(counts(biased))).toBeGreaterThan(CHI2_LIMIT_89);
  });

  it('places required characters uniformly over positions (Fisher–Yates), not at the front', () => {
    const random = seededRandom('positions');
    const perPosition = new Array<number>(10).fill(0);
    for (let i = 0; i < 3000; i++) {
      const p = generatePassword('required: digit; allowed: lower; minlength: 10; maxlength: 10;', { random });
      for (let j = 0; j < 10; j++) if (/[0-9]/.test(p[j] ?? '')) perPosition[j] = (perPosition[j] ?? 0) + 1;
    }
    // Expected 3000 × (0.1 + 0.9 × 10/36) = 1050 per position; ±15% is about six standard deviations.
    for (const n of perPosition) expect(Math.abs(n - 1050)).toBeLessThan(160);
  });
});

/** 99.9999th percentile of chi-square with 89 degrees of freedom (≈ 169): a fair generator essentially never exceeds it. */
const CHI2_LIMIT_89 = 169;

function counts(text: string): number[] {
  const m = new Map<string, number>();
  for (const ch of text) m.set(ch, (m.get(ch) ?? 0) + 1);
  expect(m.size).toBe(90);
  return [...m.values()];
}

function chiSquare(observed: readonly number[]): number {
  const total = observed.reduce((a, b) => a + b, 0);
  const expected = total / observed.length;
  return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
}
