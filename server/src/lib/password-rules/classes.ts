/** The six named classes of Apple's password-rules language. */
export type NamedClass = 'upper' | 'lower' | 'digit' | 'special' | 'ascii-printable' | 'unicode';

/** One entry of a `required:` or `allowed:` list. Custom classes hold their literal characters, deduplicated. */
export type CharClass =
  | { readonly kind: 'named'; readonly name: NamedClass }
  | { readonly kind: 'custom'; readonly chars: string };

export const NAMED_CLASSES: readonly NamedClass[] = ['upper', 'lower', 'digit', 'special', 'ascii-printable', 'unicode'];

function range(from: string, to: string): string {
  let out = '';
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out += String.fromCharCode(c);
  return out;
}

export const UPPER = range('A', 'Z');
export const LOWER = range('a', 'z');
export const DIGIT = range('0', '9');
/** Every ASCII printable that is not a letter or digit: 33 characters, space included (Apple's definition). */
export const SPECIAL = range(' ', '/') + range(':', '@') + range('[', '`') + range('{', '~');
/** U+0020–U+007E, in code-point order. */
export const ASCII_PRINTABLE = range(' ', '~');

/**
 * Characters a named class stands for when we *generate*. `unicode` generates from ASCII printable: that
 * satisfies the rule and avoids normalisation trouble on the other side.
 */
export function namedClassChars(name: NamedClass): string {
  switch (name) {
    case 'upper':
      return UPPER;
    case 'lower':
      return LOWER;
    case 'digit':
      return DIGIT;
    case 'special':
      return SPECIAL;
    case 'ascii-printable':
    case 'unicode':
      return ASCII_PRINTABLE;
  }
}

export function isAsciiPrintable(ch: string): boolean {
  return ch.length === 1 && ch >= ' ' && ch <= '~';
}

/** Union of the classes as a string of unique characters in code-point order (for generation). */
export function expandClasses(classes: readonly CharClass[]): string {
  const seen = new Set<string>();
  for (const c of classes) {
    for (const ch of c.kind === 'named' ? namedClassChars(c.name) : c.chars) seen.add(ch);
  }
  return [...seen].sort().join('');
}

/** Whether `ch` (one code point) belongs to any of the classes (for checking; `unicode` matches everything). */
export function classesContain(classes: readonly CharClass[], ch: string): boolean {
  for (const c of classes) {
    if (c.kind === 'custom') {
      if (c.chars.includes(ch)) return true;
      continue;
    }
    if (c.name === 'unicode') return true;
    if (c.name === 'ascii-printable') {
      if (isAsciiPrintable(ch)) return true;
      continue;
    }
    if (namedClassChars(c.name).includes(ch)) return true;
  }
  return false;
}
