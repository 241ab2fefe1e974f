/**
 * Finds the one-time code in an SMS or e-mail text (spec §10.6, third-party-apis.md §6.3).
 *
 * The app definition's `codePatterns` are tried first, in order: a regular expression whose first
 * capture group (or whole match) is the code. Then a generic rule: 6 digits, then a split `123 456`
 * or `123-456`, then 4–8 digits, skipping amounts, years, order numbers and card endings. With several
 * generic candidates the one nearest a keyword ("code", "verification", "OTP", …) wins; with several
 * and no keyword, there is no code (the person reads the message).
 */
export interface ExtractedCode {
  code: string;
  /** `app:<index of the pattern>` or `generic:<kind>`, recorded for audit. */
  rule: string;
}

const keyword = /\b(code|codes|verification|verify|one[- ]time|otp|pin|passcode|password|confirm|security|login|sign[- ]?in)\b|code is|:\s*$/gi;
const monthNames = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

interface Candidate {
  code: string;
  index: number;
  kind: string;
}

/** Compiles manifest patterns once; a pattern that is not a valid regular expression is skipped, not fatal. */
export function compilePatterns(patterns: readonly string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns) {
    try {
      out.push(new RegExp(p, 'i'));
    } catch {
      // A broken manifest pattern must not stop messages from arriving; the generic rule still runs.
    }
  }
  return out;
}

function excluded(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 12), index);
  const after = text.slice(index + length, index + length + 12);
  if (/[$€£¥]\s*$/.test(before) || /^\s*(€|eur|usd|dollars?)\b/i.test(after)) return true;
  if (/[.,]$/.test(before) && /\d$/.test(before.slice(0, -1))) return true;
  if (/^[.,]\d/.test(after)) return true;
  if (/(order|invoice|ref|#)\s*(no\.?|number)?\s*:?\s*$/i.test(before)) return true;
  if (/(ending( in)?|last 4( digits)?|\*{2,}|x{2,})\s*$/i.test(before)) return true;
  if (/^(19|20)\d\d$/.test(text.slice(index, index + length)) && (monthNames.test(before) || monthNames.test(after))) return true;
  if (/[:/]\s*$/.test(before) && /\d\s*[:/]\s*$/.test(before)) return true;
  if (/^\s*[:/]\d/.test(after)) return true;
  if (/\+\d*$/.test(before)) return true;
  return false;
}

function genericCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const taken = new Set<number>();
  const scan = (re: RegExp, kind: string, normalize: (s: string) => string): void => {
    for (const m of text.matchAll(re)) {
      if (taken.has(m.index) || excluded(text, m.index, m[0].length)) continue;
      for (let i = m.index; i < m.index + m[0].length; i++) taken.add(i);
      found.push({ code: normalize(m[0]), index: m.index, kind });
    }
  };
  scan(/(?<!\d|\d-)\d{6}(?!\d|-\d)/g, 'six_digits', (s) => s);
  scan(/(?<!\d|\d-)\d{3}[- ]\d{3}(?!\d|-\d)/g, 'split', (s) => s.replace(/[- ]/, ''));
  scan(/(?<!\d|\d-)\d{4,8}(?!\d|-\d)/g, 'digits', (s) => s);
  return found;
}

function nearestToKeyword(text: string, candidates: Candidate[]): Candidate | null {
  const hits = [...text.matchAll(keyword)].map((m) => m.index);
  if (hits.length === 0) return null;
  let best: { c: Candidate; d: number } | null = null;
  for (const c of candidates) {
    const d = Math.min(...hits.map((h) => Math.abs(h - c.index)));
    if (!best || d < best.d) best = { c, d };
  }
  return best?.c ?? null;
}

/**
 * @example extractCode('Your Sandbox code is 123456.', compilePatterns(['code is (\\d{6})'])) // { code: '123456', rule: 'app:0' }
 */
export function extractCode(text: string, patterns: readonly RegExp[] = []): ExtractedCode | null {
  for (const [i, re] of patterns.entries()) {
    const m = re.exec(text);
    const code = m?.[1] ?? m?.[0];
    if (code && code.trim()) return { code: code.replace(/[\s-]/g, ''), rule: `app:${i}` };
  }
  const candidates = genericCandidates(text);
  const six = candidates.filter((c) => c.kind === 'six_digits');
  const pool = six.length > 0 ? six : candidates;
  if (pool.length === 0) return null;
  const pick = pool.length === 1 ? pool[0]! : nearestToKeyword(text, pool);
  return pick ? { code: pick.code, rule: `generic:${pick.kind}` } : null;
}
