import { expect, test } from 'vitest';
import { parsePasswordRules } from '../../../server/src/lib/password-rules/index.ts';
import { describePasswordRules } from './password-rules-text.ts';

test('the default sandbox rule reads as plain sentences', () => {
  const rules = parsePasswordRules('minlength: 12; maxlength: 64; required: lower; required: upper; required: digit; required: [-!#$%*_+=?];');
  expect(describePasswordRules(rules)).toEqual([
    'Between 12 and 64 characters',
    'At least one lower-case letter (a–z)',
    'At least one upper-case letter (A–Z)',
    'At least one digit (0–9)',
    'At least one of - ! # $ % * + = ? _',
    'Only these characters: A–Z, a–z, 0–9, - ! # $ % * + = ? _',
  ]);
});

test('max-consecutive and open alphabets', () => {
  expect(describePasswordRules(parsePasswordRules('minlength: 8; max-consecutive: 2;'))).toEqual(['At least 8 characters', 'No character more than 2 times in a row']);
});
