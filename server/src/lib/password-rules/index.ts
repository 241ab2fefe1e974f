export type { CharClass, NamedClass } from './classes.ts';
export type { PasswordRules } from './types.ts';
export { parsePasswordRules } from './parse.ts';
export { formatPasswordRules } from './format.ts';
export { checkPassword, type PasswordCheck } from './check.ts';
export { generatePassword, type GenerateOptions } from './generate.ts';
export { DEFAULT_GENERATED_LENGTH, DEFAULT_PASSWORD_RULES, DEFAULT_PASSWORD_RULES_TEXT } from './defaults.ts';
