/** ISO 3166-1 alpha-2 codes this runtime can name, with English names, sorted by name (computed once). */
export const countries: { code: string; name: string }[] = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })
  const pseudo = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/
  const list: { code: string; name: string }[] = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (pseudo.test(code)) continue
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
