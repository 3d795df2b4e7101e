/**
 * Text of feed elements. Titles are read raw (the parser stops at them) because feeds carry them in every
 * form: plain text, CDATA, escaped HTML (Atom type="html", and many RSS feeds), XHTML markup (Atom
 * type="xhtml"), double-escaped entities (`&amp;#8217;`), and HTML entities XML does not define (`&eacute;`).
 */

/** HTML named entities seen in feeds (XML's five, Latin-1 and common typography). Unknown names are kept as written. */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  nbsp: '\u00a0', iexcl: '¡', cent: '¢', pound: '£', curren: '¤', yen: '¥', brvbar: '¦', sect: '§', uml: '¨', copy: '©',
  ordf: 'ª', laquo: '«', not: '¬', shy: '\u00ad', reg: '®', macr: '¯', deg: '°', plusmn: '±', sup2: '²', sup3: '³',
  acute: '´', micro: 'µ', para: '¶', middot: '·', cedil: '¸', sup1: '¹', ordm: 'º', raquo: '»', frac14: '¼', frac12: '½',
  frac34: '¾', iquest: '¿', Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ',
  Ccedil: 'Ç', Egrave: 'È', Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï', ETH: 'Ð',
  Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', times: '×', Oslash: 'Ø', Ugrave: 'Ù',
  Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü', Yacute: 'Ý', THORN: 'Þ', szlig: 'ß', agrave: 'à', aacute: 'á', acirc: 'â',
  atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç', egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë',
  igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï', eth: 'ð', ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô',
  otilde: 'õ', ouml: 'ö', divide: '÷', oslash: 'ø', ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý',
  thorn: 'þ', yuml: 'ÿ', OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š', Yuml: 'Ÿ', fnof: 'ƒ', circ: 'ˆ', tilde: '˜',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', dagger: '†',
  Dagger: '‡', bull: '•', hellip: '…', permil: '‰', prime: '′', Prime: '″', lsaquo: '‹', rsaquo: '›', oline: '‾',
  euro: '€', trade: '™', larr: '←', uarr: '↑', rarr: '→', darr: '↓', harr: '↔', minus: '−', le: '≤', ge: '≥', ne: '≠',
  infin: '∞', hearts: '♥', check: '✓',
}

/** Decodes character references: numeric (decimal, hex) and the named entities above. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd'
      return String.fromCodePoint(cp)
    }
    return NAMED[ref] ?? whole
  })
}

/** Whitespace collapsed, control characters removed, trimmed; null when nothing remains. */
export function cleanText(s: string): string | null {
  const t = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim()
  return t || null
}

/** The text of HTML: tags and comments removed, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<\/?[A-Za-z][^>]*>/g, ''),
  )
}

/**
 * The text content of an element read raw: CDATA sections taken literally, markup outside them (XHTML,
 * stray inline tags) dropped, entity references decoded.
 */
export function rawElementText(raw: string): string {
  let out = ''
  let last = 0
  const cdata = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g
  for (let m = cdata.exec(raw); m; m = cdata.exec(raw)) {
    out += markupText(raw.slice(last, m.index)) + m[1]
    last = m.index + m[0].length
  }
  return out + markupText(raw.slice(last))
}

function markupText(s: string): string {
  return decodeEntities(s.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ''))
}

// Inline HTML some RSS feeds put in titles; other tag-like text ("Why <div> soup hurts") is left alone.
const INLINE_TAG = /<\/?(?:a|abbr|b|big|br|cite|code|del|em|font|i|ins|kbd|mark|q|s|small|span|strike|strong|sub|sup|tt|u)\b[^<>]*>/gi

/**
 * A title's text by the rules of its format. Atom type="html": HTML to text. RSS and RSS 1.0 titles are
 * plain text by the specifications but often escaped HTML in practice: known inline tags are removed and
 * entity references left after XML decoding (double escaping, `&amp;eacute;`) are decoded once more.
 */
export function titleText(raw: string, mode: 'text' | 'html' | 'rss'): string | null {
  const text = rawElementText(raw)
  if (mode === 'html') return cleanText(htmlToText(text))
  if (mode === 'rss') return cleanText(decodeEntities(text.replace(INLINE_TAG, '')))
  return cleanText(text)
}
