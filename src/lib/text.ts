/**
 * Text handling for names in every script. Names are stored exactly as entered; these functions derive
 * keys used only for comparing and searching.
 */

// Letters that case folding and mark stripping do not reduce to ASCII on their own.
const FOLD_EXTRA: Record<string, string> = {
  ı: 'i', // Turkish dotless i
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ħ: 'h',
}
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'gu')

/**
 * The search key of a text: diacritics removed, case folded, whitespace collapsed, in NFC.
 * "Onur Canog\u0306lu", "Onur Canoğlu" and "ONUR CANOGLU" share the key "onur canoglu"; CJK is kept.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(FOLD_EXTRA_RE, (ch) => FOLD_EXTRA[ch] ?? ch)
    .replace(/\s+/gu, ' ')
    .trim()
    .normalize('NFC')
}

/** A URL-safe slug from any text ("Halil İbrahim BUGÖL" → "halil-ibrahim-bugol"); empty when nothing Latin remains. */
export function slugify(text: string): string {
  return searchKey(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
}

/** Escapes LIKE wildcards so user input matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/**
 * Whether PostgreSQL can store the text: no text or jsonb value can hold NUL (U+0000). Forms check this next to
 * the field (a refusal by the database is only a generic 422 page; see inputErrorOf in lib/errors.ts).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000')
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In a name they reorder
 * what follows them wherever the name is shown ("\u202Eecila" displays as "alice"), so names refuse them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g

/** Whether the text holds a bidirectional control character (names must not). */
export function hasBidiControl(text: string): boolean {
  return text.search(BIDI_CONTROLS) !== -1
}

/** The text without bidirectional control characters (for names taken from elsewhere, e.g. a sign-in provider). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}
