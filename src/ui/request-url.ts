// The address a page's language switch links to, where a view needs it and its props do not carry it (the
// switch keeps the page's query: a sign-in page's `next`, a directory search). Set for every request by the app
// (app.tsx); outside a request (tests rendering a view alone) there is none.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Context, MiddlewareHandler } from 'hono'

const current = new AsyncLocalStorage<string>()

/**
 * The address of the page a request shows. A page rendered in answer to a form (a POST answered with the form
 * and its messages) has no address of its own to fetch again: many forms post to a path that only takes
 * POST. Its language switch leads back to the page the form was on, which the browser names in Referer
 * (same-origin only, as the Referrer-Policy sends it), else to the posted address.
 */
function pageAddress(c: Context): string {
  const method = c.req.method
  if (method === 'GET' || method === 'HEAD') return c.req.url
  const referer = c.req.header('referer')
  if (referer) {
    try {
      const from = new URL(referer)
      if (from.origin === new URL(c.req.url).origin) return from.href
    } catch {
      // Not an address: use the posted one.
    }
  }
  return c.req.url
}

/** Middleware: views rendered while the request is handled can ask for the page's address. */
export const rememberRequestUrl: MiddlewareHandler = (c, next) => current.run(pageAddress(c), next)

/** The page being shown, in `locale`: its path and query with `lang` set, "/path?…&lang=zh-CN" ("?lang=…" outside a request). */
export function withLanguage(locale: string): string {
  const stored = current.getStore()
  const url = stored ? new URL(stored) : undefined
  const params = new URLSearchParams(url?.search ?? '')
  params.set('lang', locale)
  return `${url?.pathname ?? ''}?${params.toString()}`
}
