import { AppError } from '../errors.ts';
import { cryptoRandom, type Random } from '../random.ts';
import { checkPassword } from './check.ts';
import { DEFAULT_GENERATED_LENGTH } from './defaults.ts';
import { impossible, MAX_GENERATED_LENGTH, planGeneration, type GenerationPlan } from './plan.ts';
import { parsePasswordRules } from './parse.ts';
import type { PasswordRules } from './types.ts';
import { createByteSource, uniformInt, type ByteSource } from './uniform-int.ts';

export interface GenerateOptions {
  /** Exact length; must lie within the rules' [minlength, maxlength]. Default: 20 clamped into that range. */
  length?: number;
  random?: Random;
}

/**
 * Dead ends are only possible with max-consecutive and a one-character required set next to a run of that
 * character; each fresh layout avoids them with high probability, so a few dozen attempts is plenty and still
 * bounds the work for adversarial rules.
 */
const MAX_ATTEMPTS = 64;

const plans = new WeakMap<PasswordRules, GenerationPlan>();

function planFor(rules: PasswordRules): GenerationPlan {
  let plan = plans.get(rules);
  if (plan === undefined) {
    plan = planGeneration(rules);
    plans.set(rules, plan);
  }
  return plan;
}

/**
 * A random password that satisfies `rules` (spec invariant 24). Construction, not trial and error: each required
 * set gets its own position (placed by a Fisher–Yates shuffle), every other position draws from the allowed set,
 * and every draw is unbiased rejection sampling over the CSPRNG behind `random`. The result is checked against
 * the rules before it is returned.
 *
 * Throws `AppError('invalid_password_rules')` for rules no password can meet, and `validation_failed` for a
 * requested length outside the rules.
 */
export function generatePassword(rules: PasswordRules | string, opts: GenerateOptions = {}): string {
  const parsed = typeof rules === 'string' ? parsePasswordRules(rules) : rules;
  const plan = planFor(parsed);
  const length = chooseLength(parsed, plan, opts.length);
  const src = createByteSource(opts.random ?? cryptoRandom, 2 * length + 16);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = buildOnce(plan, length, src);
    if (candidate !== null && checkPassword(candidate, parsed).ok) return candidate;
  }
  throw impossible(parsed, `no layout meeting max-consecutive ${plan.maxConsecutive ?? '-'} found in ${MAX_ATTEMPTS} attempts`);
}

function chooseLength(rules: PasswordRules, plan: GenerationPlan, requested: number | undefined): number {
  const min = Math.max(plan.minLength, plan.requiredSets.length, 1);
  const max = Math.min(plan.maxLength ?? MAX_GENERATED_LENGTH, MAX_GENERATED_LENGTH);
  if (min > max) throw impossible(rules, `no length between ${min} and ${max} is possible`);
  if (requested === undefined) return Math.min(Math.max(DEFAULT_GENERATED_LENGTH, min), max);
  if (!Number.isSafeInteger(requested) || requested < min || requested > max) {
    throw new AppError('validation_failed', `Password length ${requested} is outside what the rules allow (${min}–${max})`, {
      min,
      max,
    });
  }
  return requested;
}

/** One layout-and-fill pass; null on a max-consecutive dead end. */
function buildOnce(plan: GenerationPlan, length: number, src: ByteSource): string | null {
  const roles: string[] = [...plan.requiredSets];
  while (roles.length < length) roles.push(plan.freeSet);
  if (plan.requiredSets.length > 0) {
    for (let i = roles.length - 1; i > 0; i--) {
      const j = uniformInt(src, i + 1);
      const t = roles[i] as string;
      roles[i] = roles[j] as string;
      roles[j] = t;
    }
  }

  const limit = plan.maxConsecutive;
  let out = '';
  let prev = '';
  let run = 0;
  for (let i = 0; i < length; i++) {
    const set = roles[i] as string;
    const banned: string[] = [];
    if (limit !== null) {
      if (run >= limit) banned.push(prev);
      // Look one step ahead: a single-character set next door must not find its character's run already full.
      const next = roles[i + 1];
      if (next !== undefined && next.length === 1) {
        const runIfSame = next === prev ? run + 1 : 1;
        if (runIfSame >= limit && !banned.includes(next)) banned.push(next);
      }
    }
    const ch = pick(set, banned, src);
    if (ch === null) return null;
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    out += ch;
  }
  return out;
}

/** Uniform choice from `set` minus `banned` without building a new string on the common (nothing banned) path. */
function pick(set: string, banned: readonly string[], src: ByteSource): string | null {
  const skip = banned.map((b) => set.indexOf(b)).filter((i) => i >= 0).sort((a, b) => a - b);
  const n = set.length - skip.length;
  if (n <= 0) return null;
  let k = uniformInt(src, n);
  for (const s of skip) if (k >= s) k++;
  return set[k] ?? null;
}
