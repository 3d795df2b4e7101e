import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type { AppDeps } from '../deps.ts'
import { etagMatches } from './page-cache.ts'

/** Renders a JSX page to a complete HTML document. */
export async function renderDocument(page: JSX.Element): Promise<string> {
  return `<!DOCTYPE html>${await page.toString()}`
}

/**
 * Answers with a public page from the page cache (rendering it on a miss), with an ETag and a 304 when the
 * browser or a CDN already holds it. `render` throws AppError for pages that do not exist; those are not cached.
 */
export async function sendCachedPage(c: Context, deps: AppDeps, render: () => Promise<JSX.Element>): Promise<Response> {
  const key = c.req.url
  const page = await deps.pageCache.get(key, async () => renderDocument(await render()))
  // Browsers revalidate every time (cheap with the ETag); a shared cache (CDN) may serve the page for as long as
  // this process would, and a little longer while it revalidates.
  const shared = deps.config.pageCacheSeconds
  const headers = { ETag: page.etag, 'Cache-Control': `public, max-age=0, s-maxage=${shared}, stale-while-revalidate=${Math.max(30, shared)}` }
  if (etagMatches(c.req.header('if-none-match'), page.etag)) return c.body(null, 304, headers)
  return c.body(page.body, 200, {
    ...headers,
    'Content-Type': 'text/html; charset=UTF-8',
  })
}
