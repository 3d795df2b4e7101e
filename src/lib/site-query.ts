// Query parameters that any public page may carry and that are not the page's own: the language switch
// (`lang`, read by the session middleware) and the tracking tags links pick up when shared (utm_*, click ids).
// A page that refuses unknown parameters (to name a typo) leaves these out first, so a shared link still opens.

const CLICK_IDS = new Set(['fbclid', 'gclid', 'dclid', 'msclkid', 'twclid', 'igshid', 'mc_cid', 'mc_eid', 'yclid'])

/** Whether `name` is a site-wide parameter rather than one of the page's own. */
export function isSiteWideParameter(name: string): boolean {
  return name === 'lang' || name.startsWith('utm_') || CLICK_IDS.has(name)
}

/** The query without its site-wide parameters. */
export function pageOwnQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([k]) => !isSiteWideParameter(k)))
}
