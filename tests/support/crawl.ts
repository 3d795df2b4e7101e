/** Every address on this site (http://localhost) a page links to or loads (forms are not followed: their addresses may take POST only), without its fragment. */
export function linksOf(html: string, page: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&')
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) && !raw.startsWith('http://localhost')) continue // another site, mailto:, data:
    const url = new URL(raw, `http://localhost${page}`)
    if (url.origin !== 'http://localhost') continue
    out.push(url.pathname + url.search)
  }
  return out
}

/** What a crawl saw: the addresses fetched, how many were pages, and those that answered a missing or broken page. */
export interface Crawl {
  seen: Set<string>
  pages: number
  broken: string[]
}

/**
 * Follows the links of the pages reached from `start` (GET only, breadth first, at most `limit` addresses),
 * skipping addresses `skip` matches. An answer of 4xx other than 401, 403, 405 and 409, or 5xx, is broken: 401
 * and 403 are what a visitor without the right meets, 405 an address that takes other methods only, 409 a page
 * telling why it cannot be used now (the application form of a program that takes no applications).
 */
export async function crawl(
  get: (path: string) => Promise<{ status: number; headers: Headers; text(): Promise<string> }>,
  start: string[],
  options: { limit?: number; skip?: RegExp } = {},
): Promise<Crawl> {
  const seen = new Set<string>()
  const foundOn = new Map<string, string>()
  const queue = [...start]
  const broken: string[] = []
  let pages = 0
  while (queue.length && seen.size < (options.limit ?? 1000)) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    const res = await get(path)
    const body = await res.text()
    if (res.status >= 400 && ![401, 403, 405, 409].includes(res.status)) broken.push(`${res.status} ${path} (linked from ${foundOn.get(path) ?? 'the start'})`)
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue
    pages++
    for (const link of linksOf(body, path)) {
      if (options.skip?.test(link) || seen.has(link) || foundOn.has(link)) continue
      foundOn.set(link, path)
      queue.push(link)
    }
  }
  return { seen, pages, broken }
}
