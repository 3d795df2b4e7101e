// The URL of the request a page is rendered for, where a view needs it and its props do not carry it (the
// language switch keeps the page's query: a sign-in page's `next`, a directory search). Set for every request
// by the app (app.tsx); outside a request (tests rendering a view alone) there is none.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { MiddlewareHandler } from 'hono'

const current = new AsyncLocalStorage<string>()

/** Middleware: views rendered while the request is handled can ask for its URL. */
export const rememberRequestUrl: MiddlewareHandler = (c, next) => current.run(c.req.url, next)

/** The query of the request being handled, with `lang` set to `locale`: "?…&lang=zh-CN". */
export function withLanguage(locale: string): string {
  const url = current.getStore()
  const params = new URLSearchParams(url ? new URL(url).search : '')
  params.set('lang', locale)
  return `?${params.toString()}`
}
