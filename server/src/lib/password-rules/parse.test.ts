import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { formatPasswordRules } from './format.ts';
import { parsePasswordRules } from './parse.ts';

const canon = (text: string): string => formatPasswordRules(parsePasswordRules(text));

function parseError(text: string): AppError {
  try {
    parsePasswordRules(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_password_rules');
    expect((e as AppError).status).toBe(400);
    return e as AppError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parsePasswordRules: examples from Apple and the reference', () => {
  it.each([
    // Apple's Password Rules Validation Tool sample
    [
      'minlength: 20; required: lower; required: upper; required: digit; required: [-]; allowed: ascii-printable;',
      'required: lower; required: upper; required: digit; required: [-]; allowed: ascii-printable; minlength: 20;',
    ],
    [
      'required: upper; required: digit; allowed: [-().&@?\'#,/"+]; max-consecutive: 2; minlength: 8;',
      'required: upper; required: digit; allowed: upper, digit, [-"#&\'()+,./?@]; max-consecutive: 2; minlength: 8;',
    ],
    ['minlength: 8;', 'allowed: ascii-printable; minlength: 8;'],
    ['minlength: 8; required: lower;', 'required: lower; allowed: lower; minlength: 8;'],
    ['', 'allowed: ascii-printable;'],
    [
      'minlength: 8; allowed: lower, upper, digit, [-!"#$%&\'()*+,./:;<=>?@[^_{|}~]];',
      'allowed: upper, lower, digit, [-!"#$%&\'()*+,./:;<=>?@[^_{|}~]]; minlength: 8;',
    ],
    [
      'minlength: 8; maxlength: 20; max-consecutive: 3; required: lower, upper; required: digit, [!@#$%^&*()];',
      'required: upper, lower; required: digit, [!#$%&()*@^]; allowed: upper, lower, digit, [!#$%&()*@^]; max-consecutive: 3; minlength: 8; maxlength: 20;',
    ],
    ['required: lower, upper, digit, special;', 'required: ascii-printable; allowed: ascii-printable;'],
    ['allowed: upper, unicode; minlength: 8', 'allowed: unicode; minlength: 8;'],
    ['allowed: [ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789]', 'allowed: upper, digit;'],
    ['allowed: [- !"#$%&\'()*+,./:;<=>?@[\\^_`{|}~]]', 'allowed: special;'],
    ['allowed: lower, [ABC]', 'allowed: lower, [ABC];'],
  ])('%s', (input, expected) => {
    expect(canon(input)).toBe(expected);
    expect(canon(expected)).toBe(expected);
  });

  it('merges repeats: largest minlength, smallest maxlength and max-consecutive', () => {
    const r = parsePasswordRules('minlength: 8; minlength: 12; maxlength: 30; maxlength: 20; max-consecutive: 3; max-consecutive: 2;');
    expect(r).toMatchObject({ minLength: 12, maxLength: 20, maxConsecutive: 2 });
  });

  it('keeps one entry per required rule (identical ones too, as Apple does)', () => {
    expect(parsePasswordRules('required: upper; required: upper').required).toHaveLength(2);
  });

  it('reads class names case-insensitively and tolerates whitespace, newlines and missing or doubled ";"', () => {
    expect(canon('  required:UPPER ,\tDigit ;;\n minlength:  8  ')).toBe('required: upper, digit; allowed: upper, digit; minlength: 8;');
  });

  it('treats minlength: 0 as no minimum', () => {
    expect(parsePasswordRules('minlength: 0').minLength).toBeNull();
  });
});

describe('custom classes', () => {
  const chars = (text: string): string => {
    const [cls] = parsePasswordRules(`allowed: ${text}`).allowed;
    return cls?.kind === 'custom' ? cls.chars : `named:${cls?.kind === 'named' ? cls.name : '?'}`;
  };

  it('keeps "-" first, and (extension) last; a literal "]" is written last as "]]"', () => {
    expect(chars('[-ab]')).toBe('-ab');
    expect(chars('[ab-]')).toBe('-ab');
    expect(chars('[ab]]')).toBe('ab]');
    expect(chars('[-]')).toBe('-');
    expect(chars('[]]')).toBe(']');
  });

  it('(extension) accepts "]" first as a literal', () => {
    expect(chars('[]ab]')).toBe('ab]');
  });

  it('treats "[" and ";" inside a class as literals (live.com ends in "[]]")', () => {
    expect(chars('[;,[]')).toBe(',;[');
    const live = parsePasswordRules("allowed: [-@_#!&$`%*+()./,;~:{}|?>=<^'[]];");
    const cls = live.allowed[0];
    const text = cls?.kind === 'custom' ? cls.chars : '';
    expect(text.startsWith('-') && text.endsWith(']') && text.includes('[')).toBe(true);
  });

  it('skips non-ASCII characters like Apple does (dkb.de lists umlauts)', () => {
    expect(chars('[äa§b]')).toBe('ab');
  });

  it('deduplicates characters', () => {
    expect(chars('[aab]')).toBe('ab');
  });
});

describe('errors name the offending part', () => {
  it.each([
    ['MinLength: 8', /"MinLength".*lower-case: "minlength"/],
    ['foo: 3; minlength: 8', /unknown property "foo"/],
    ['required: uper', /unknown character class "uper"/],
    ['allowed: [a-z]', /ranges like \[a-z\]/],
    ['allowed: [abc', /unterminated custom class/],
    ['required: [é]', /no ASCII printable characters/],
    ['allowed: []', /no ASCII printable characters/],
    ['max-consecutive: 0', /"max-consecutive" must be at least 1/],
    ['maxlength: 0', /"maxlength" must be at least 1/],
    ['minlength: eight', /"minlength" needs a whole number/],
    ['minlength: 8x', /expected ";" after the "minlength" rule/],
    ['minlength 8', /expected ":" right after "minlength"/],
    ['minlength:;', /"minlength" has no value/],
    ['required: lower upper', /expected "," or ";"/],
    ['required: lower,', /expected a character class/],
    ['minlength: 1000000', /larger than/],
    ['12: 3', /expected a property name/],
  ])('%s', (input, message) => {
    const err = parseError(input);
    expect(err.message).toMatch(message);
    expect(err.details).toMatchObject({ rules: input, position: expect.any(Number) });
  });
});
