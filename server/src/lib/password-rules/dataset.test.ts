import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPassword } from './check.ts';
import { pooledRandom } from './fake-random.ts';
import { formatPasswordRules } from './format.ts';
import { generatePassword } from './generate.ts';
import { parsePasswordRules } from './parse.ts';

/** Apple's quirks/password-rules.json (MIT, © Apple; see data/NOTICE.md): domain → { "password-rules": string }. */
const dataset = Object.entries(
  JSON.parse(readFileSync(new URL('./data/apple-password-rules.json', import.meta.url), 'utf8')) as Record<string, { 'password-rules': string }>,
).map(([domain, entry]) => [domain, entry['password-rules']] as const);

const PER_RULE = 1_000;

describe("Apple's password-rules dataset", () => {
  it('has the 434 entries the reference describes', () => {
    expect(dataset).toHaveLength(434);
  });

  it('parses every rule, and the canonical text parses back to the same rules', () => {
    for (const [domain, text] of dataset) {
      const rules = parsePasswordRules(text);
      expect(parsePasswordRules(formatPasswordRules(rules)), domain).toEqual(rules);
    }
  });

  it(`generates ${PER_RULE} compliant passwords for every rule`, () => {
    const random = pooledRandom();
    const failures: string[] = [];
    for (const [domain, text] of dataset) {
      const rules = parsePasswordRules(text);
      for (let i = 0; i < PER_RULE; i++) {
        const password = generatePassword(rules, { random });
        const result = checkPassword(password, rules);
        if (!result.ok) failures.push(`${domain}: ${result.violations.join('; ')}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('agrees with hand-written checks for well-known sites', () => {
    const expectations: Record<string, RegExp[]> = {
      'apple.com': [/^[ -~]{8,63}$/, /[a-z]/, /[A-Z]/, /[0-9]/],
      'paypal.com': [/^[A-Za-z0-9!@#$%^&*()]{8,20}$/, /[A-Za-z]/, /[0-9!@#$%^&*()]/],
      'chase.com': [/^[A-Za-z0-9!#$%+/=@~]{8,32}$/, /[0-9]/, /[!#$%+/=@~]/],
      'amundi-ee.com': [/^[0-9]{6}$/],
      'consorsbank.de': [/^[A-Za-z0-9]{5}$/],
    };
    const random = pooledRandom();
    for (const [domain, checks] of Object.entries(expectations)) {
      const text = dataset.find(([d]) => d === domain)?.[1];
      expect(text, domain).toBeDefined();
      for (let i = 0; i < 200; i++) {
        const p = generatePassword(text ?? '', { random });
        for (const re of checks) expect(p, `${domain} ${re}`).toMatch(re);
        // max-consecutive: 2 (chase) and 3 (paypal)
        if (domain === 'chase.com') expect(p).not.toMatch(/(.)\1\1/);
        if (domain === 'paypal.com') expect(p).not.toMatch(/(.)\1\1\1/);
      }
    }
  });
});
