/**
 * Codes the runtime names that are not assigned ISO 3166-1 countries: withdrawn ones, which it names as their
 * successors (DD "Germany", UK "United Kingdom", YU and CS "Serbia"…: each would be listed twice), and the
 * exceptionally reserved ones (Ascension, the Canary Islands…), which belong to an assigned country.
 */
const NOT_ASSIGNED = /^(AN|BU|CS|DD|DY|FX|HV|NH|RH|SU|TP|UK|VD|YD|YU|ZR|AC|CP|CQ|DG|EA|IC|TA)$/

/**
 * ISO 3166-1 alpha-2 codes this runtime can name, with English names, sorted by name (computed once); and XK
 * (Kosovo), a user-assigned code in general use.
 */
export const countries: { code: string; name: string }[] = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })
  const pseudo = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/
  const list: { code: string; name: string }[] = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (pseudo.test(code) || NOT_ASSIGNED.test(code)) continue
      const name = names.of(code)
      if (name && name !== code) list.push({ code, name })
    }
  }
  return list.sort((x, y) => x.name.localeCompare(y.name, 'en'))
})()

/** Whether a code is one of `countries`. */
export function isCountryCode(code: string): boolean {
  return countries.some((c) => c.code === code)
}

/** A country's name for readers of `locale` (a BCP 47 tag), or the code itself if the runtime cannot name it. */
export function countryName(code: string, locale: string): string {
  return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code
}
