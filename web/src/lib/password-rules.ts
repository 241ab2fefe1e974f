/**
 * Builds an Apple password-rules string (the language the server's generator speaks, spec §10.10)
 * from the generator's simple options. The server parses and checks it; nothing here generates.
 */

export type CharacterClass = 'upper' | 'lower' | 'digit' | 'symbol';

/** Latchkey's default symbols (spec §10.10): accepted almost everywhere, no quotes or spaces. */
export const SYMBOLS = '-!#$%*_+=?';

export const CHARACTER_CLASSES: { value: CharacterClass; label: string; token: string }[] = [
  { value: 'upper', label: 'Uppercase letters (A–Z)', token: 'upper' },
  { value: 'lower', label: 'Lowercase letters (a–z)', token: 'lower' },
  { value: 'digit', label: 'Digits (0–9)', token: 'digit' },
  { value: 'symbol', label: `Symbols (${SYMBOLS})`, token: `[${SYMBOLS}]` },
];

export const MIN_GENERATED_LENGTH = 8;
export const MAX_GENERATED_LENGTH = 128;
export const DEFAULT_GENERATED_LENGTH = 20;

export interface GeneratorOptions {
  length: number;
  classes: CharacterClass[];
}

/**
 * `minlength: 20; maxlength: 20; required: upper; required: lower; required: digit; required: [-!#$%*_+=?]; allowed: upper, lower, digit, [-!#$%*_+=?];`
 * Each ticked class is required (at least one of each), and `allowed` names exactly the ticked ones so an
 * unticked class can never appear.
 */
export function buildPasswordRules({ length, classes }: GeneratorOptions): string {
  const tokens = CHARACTER_CLASSES.filter((item) => classes.includes(item.value)).map((item) => item.token);
  const parts = [`minlength: ${length};`, `maxlength: ${length};`];
  for (const token of tokens) parts.push(`required: ${token};`);
  if (tokens.length > 0) parts.push(`allowed: ${tokens.join(', ')};`);
  return parts.join(' ');
}

export function clampLength(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_GENERATED_LENGTH;
  return Math.min(MAX_GENERATED_LENGTH, Math.max(MIN_GENERATED_LENGTH, Math.round(value)));
}
