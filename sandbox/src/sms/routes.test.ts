import { describe, expect, test } from 'vitest';
import { parseSmsRoutes, routeFor, SmsRoutesError } from './routes.ts';

describe('SMS routes', () => {
  test('parses ranges and single numbers separated by commas or whitespace', () => {
    expect(parseSmsRoutes('+1555010*=http://127.0.0.1:8080/hook ,\n +447700900123=https://h.example.org/sms?x=1')).toEqual([
      { prefix: '+1555010', exact: false, url: 'http://127.0.0.1:8080/hook' },
      { prefix: '+447700900123', exact: true, url: 'https://h.example.org/sms?x=1' },
    ]);
  });

  test('empty or unset means no routes', () => {
    expect(parseSmsRoutes(undefined)).toEqual([]);
    expect(parseSmsRoutes('  ')).toEqual([]);
  });

  test('a malformed entry names itself', () => {
    expect(() => parseSmsRoutes('1555*=http://x')).toThrow(SmsRoutesError);
    expect(() => parseSmsRoutes('+1555*=ftp://x')).toThrow(/\+1555\*=ftp:\/\/x/);
    expect(() => parseSmsRoutes('+1555*')).toThrow(/SANDBOX_SMS_ROUTES/);
  });

  test('the most specific route wins; uncovered numbers have none', () => {
    const routes = parseSmsRoutes('+1*=http://a/ +1555*=http://b/ +15550100001=http://c/');
    expect(routeFor(routes, '+15550100001')).toBe('http://c/');
    expect(routeFor(routes, '+15550100002')).toBe('http://b/');
    expect(routeFor(routes, '+12125550000')).toBe('http://a/');
    expect(routeFor(routes, '+447700900123')).toBeNull();
  });
});
