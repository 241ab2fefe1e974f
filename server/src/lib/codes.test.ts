import { describe, expect, it } from 'vitest';
import { compilePatterns, extractCode } from './codes.ts';

describe('extractCode', () => {
  it('uses the app patterns first, taking the first capture group', () => {
    const p = compilePatterns(['Sandbox Business Center code:? (\\d{6})', '\\b(\\d{6})\\b']);
    expect(extractCode('Sandbox Business Center code: 482913 (valid 10 min), ref 111111', p)).toEqual({ code: '482913', rule: 'app:0' });
    expect(extractCode('Your Sandbox Business Center verification code is 654321. It expires in 10 minutes.', p)).toEqual({ code: '654321', rule: 'app:1' });
  });

  it('skips a pattern that is not a valid regular expression', () => {
    expect(compilePatterns(['(unclosed', '(\\d{4})'])).toHaveLength(1);
  });

  it('falls back to six digits, then split forms, then 4–8 digits', () => {
    expect(extractCode('Your code is 123456')).toEqual({ code: '123456', rule: 'generic:six_digits' });
    expect(extractCode('Use 123-456 to sign in')).toEqual({ code: '123456', rule: 'generic:split' });
    expect(extractCode('Your PIN: 4821')).toEqual({ code: '4821', rule: 'generic:digits' });
    expect(extractCode('G-12345678 is your verification number')).toEqual({ code: '12345678', rule: 'generic:digits' });
  });

  it('ignores amounts, decimals, order numbers, card endings and years next to a month', () => {
    expect(extractCode('You paid $123456 on order 99')).toBeNull();
    expect(extractCode('Total 1234.56 EUR')).toBeNull();
    expect(extractCode('Order #654321 shipped')).toBeNull();
    expect(extractCode('Card ending in 4242 was charged')).toBeNull();
    expect(extractCode('See you on March 2027')).toBeNull();
    expect(extractCode('Call +15550100001 now')).toBeNull();
  });

  it('with several candidates takes the one nearest a keyword, and with no keyword none', () => {
    expect(extractCode('Order 2024 for 3 items. Your verification code: 7788 thanks')).toEqual({ code: '7788', rule: 'generic:digits' });
    expect(extractCode('Room 1234 or room 5678')).toBeNull();
  });

  it('finds nothing in a message without digits', () => {
    expect(extractCode('Welcome to the team!')).toBeNull();
  });
});
