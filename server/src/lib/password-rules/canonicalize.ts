import { ASCII_PRINTABLE, DIGIT, LOWER, namedClassChars, SPECIAL, UPPER, type CharClass } from './classes.ts';

/**
 * Collapse a class list the way Apple's parser does: `ascii-printable` or `unicode` anywhere wins outright;
 * otherwise every character is marked, whole groups become `upper`/`lower`/`digit`/`special` (all four become
 * `ascii-printable`) and the leftovers form one custom class. Unlike Apple's output, the leftover class keeps a
 * `-` first and a `]` last so it can be written back as valid rule text.
 */
export function canonicalizeClasses(classes: readonly CharClass[]): CharClass[] {
  if (classes.some((c) => c.kind === 'named' && c.name === 'unicode')) return [{ kind: 'named', name: 'unicode' }];
  if (classes.some((c) => c.kind === 'named' && c.name === 'ascii-printable')) {
    return [{ kind: 'named', name: 'ascii-printable' }];
  }
  const marked = new Set<string>();
  for (const c of classes) {
    for (const ch of c.kind === 'named' ? namedClassChars(c.name) : c.chars) marked.add(ch);
  }
  if (marked.size === 0) return [];
  if (ASCII_PRINTABLE.split('').every((ch) => marked.has(ch))) return [{ kind: 'named', name: 'ascii-printable' }];

  const out: CharClass[] = [];
  let leftovers = '';
  const groups: readonly [CharClass, string][] = [
    [{ kind: 'named', name: 'upper' }, UPPER],
    [{ kind: 'named', name: 'lower' }, LOWER],
    [{ kind: 'named', name: 'digit' }, DIGIT],
    [{ kind: 'named', name: 'special' }, SPECIAL],
  ];
  for (const [named, chars] of groups) {
    const present = chars.split('').filter((ch) => marked.has(ch));
    if (present.length === chars.length) out.push(named);
    else leftovers += present.join('');
  }
  if (leftovers.length > 0) out.push({ kind: 'custom', chars: formatCompliant(leftovers) });
  return out;
}

/** Order a custom class so it can be written as `[...]` text: `-` first and `]` last are the only escapes. */
export function formatCompliant(chars: string): string {
  const hasDash = chars.includes('-');
  const hasBracket = chars.includes(']');
  const middle = chars.replace(/[-\]]/g, '');
  return `${hasDash ? '-' : ''}${middle}${hasBracket ? ']' : ''}`;
}
