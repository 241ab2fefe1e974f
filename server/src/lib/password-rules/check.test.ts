import { describe, expect, it } from 'vitest';
import { checkPassword } from './check.ts';

describe('checkPassword', () => {
  const rules = 'minlength: 8; maxlength: 12; max-consecutive: 2; required: upper; required: digit, [!#]; allowed: lower;';

  it('accepts a compliant password', () => {
    expect(checkPassword('Abcdef1x', rules)).toEqual({ ok: true, violations: [] });
  });

  it.each([
    ['Abc1', /at least 8/],
    ['Abcdefgh1jklm', /at most 12/],
    ['abcdefg1', /upper/],
    ['Abcdefgh', /digit, \[!#\]/],
    ['Abcdef1~', /1 character\(s\) outside the allowed set/],
    ['Abcdddf1', /3 times in a row; at most 2/],
  ])('reports %s', (password, message) => {
    const result = checkPassword(password, rules);
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(message);
  });

  it('never echoes the password in a violation', () => {
    const result = checkPassword('ZZZZ~~qq', rules);
    expect(result.ok).toBe(false);
    expect(result.violations.join(' ')).not.toMatch(/ZZZ|~~|qq/);
  });

  it('lets unicode allow anything and counts code points, not UTF-16 units', () => {
    expect(checkPassword('🔑🔑🔑🔑', 'allowed: unicode; minlength: 4; maxlength: 4;').ok).toBe(true);
    expect(checkPassword('é', 'allowed: ascii-printable;').ok).toBe(false);
  });

  it('needs one character per required rule, each rule separately', () => {
    expect(checkPassword('aaaa', 'required: lower; required: digit').ok).toBe(false);
    expect(checkPassword('aaa1', 'required: lower; required: digit').ok).toBe(true);
  });
});
