import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type { AppDeps } from '../deps.ts'
import { namedLocale, pickLocale, type Locale } from './i18n.ts'
import { etagMatches } from './page-cache.ts'

/**
 * The language a request is answered in, chosen as on the applicant pages: ?lang=, then the `lang` cookie, then
 * Accept-Language (routes behind the session middleware have already picked it).
 */
export function requestLocale(c: Context): Locale {
  const picked = c.get('locale') as Locale | undefined
  return picked ?? pickLocale(langQuery(c), langCookie(c), c.req.header('accept-language'))
}

// The cached public pages answer thousands of requests a second, most without a query or cookies: neither is
// parsed when absent.
const langQuery = (c: Context) => (c.req.url.includes('?') ? c.req.query('lang') : undefined)
const langCookie = (c: Context) => (c.req.header('cookie') ? getCookie(c, 'lang') : undefined)

/** Renders a JSX page to a complete HTML document. */
export async function renderDocument(page: JSX.Element): Promise<string> {
  return `<!DOCTYPE html>${await page.toString()}`
}

/**
 * Answers with a public page from the page cache (rendering it on a miss), with an ETag and a 304 when the
 * browser or a CDN already holds it. `render` throws AppError for pages that do not exist; those are not cached.
 * The page is rendered in the request's language and cached under it: a reader of one language never gets a
 * page kept for another. Unless ?lang= names the language, it came from the cookie or Accept-Language, which a
 * shared cache must then tell apart (Vary).
 */
export async function sendCachedPage(c: Context, deps: AppDeps, render: (locale: Locale) => Promise<JSX.Element>): Promise<Response> {
  const locale = requestLocale(c)
  const lang = langQuery(c)
  const fromUrl = lang !== undefined && namedLocale(lang) !== undefined
  const page = await deps.pageCache.get(`${locale} ${c.req.url}`, async () => renderDocument(await render(locale)))
  // ?lang= remembers the choice for the next pages, as the applicant pages do. A shared cache that keeps this
  // cookie hands it only to readers of this same address, who asked for this same language.
  if (lang === locale && langCookie(c) !== locale) setCookie(c, 'lang', locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 })
  // Browsers revalidate every time (cheap with the ETag); a shared cache (CDN) may serve the page for as long as
  // this process would, and a little longer while it revalidates.
  const shared = deps.config.pageCacheSeconds
  const headers: Record<string, string> = {
    ETag: page.etag,
    'Cache-Control': `public, max-age=0, s-maxage=${shared}, stale-while-revalidate=${Math.max(30, shared)}`,
    'Content-Language': locale,
    ...(fromUrl ? {} : { Vary: 'Accept-Language, Cookie' }),
  }
  if (etagMatches(c.req.header('if-none-match'), page.etag)) return c.body(null, 304, headers)
  return c.body(page.body, 200, {
    ...headers,
    'Content-Type': 'text/html; charset=UTF-8',
  })
}
