import { randomBytes } from 'node:crypto';
import { DEFAULT_GENERATED_LENGTH, DEFAULT_PASSWORD_RULES } from '../src/lib/password-rules/defaults.ts';
import { generatePassword } from '../src/lib/password-rules/generate.ts';
import type { Bench } from './registry.ts';

export const benches: Bench[] = [
  {
    name: 'generatePassword x10k',
    n: 10_000,
    subject: { name: 'default-rule', fn: () => generatePassword(DEFAULT_PASSWORD_RULES) },
    baseline: { name: `randomBytes(${DEFAULT_GENERATED_LENGTH})`, fn: () => randomBytes(DEFAULT_GENERATED_LENGTH) },
    budget: {
      minRatio: 0.2,
      why: 'a password costs one CSPRNG call (like the baseline) plus ~45 rejection-sampled draws, a shuffle and a compliance check, i.e. about 2-3 baseline calls; one CSPRNG call per character would fall to ~0.05x',
    },
  },
];
