// JSON bodies whose text is not well-formed Unicode. A body must be UTF-8: bytes that are not (Latin-1 text, a
// truncated character) would be decoded as U+FFFD and stored so. And JSON can carry a lone surrogate as an
// escape ("\uD800"), which no text in the database can hold: PostgreSQL refuses it in jsonb, and text columns
// would get a replacement character instead. Such bodies are refused up front, before any route reads them.
import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { problemResponse } from './problems.ts'

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const wellFormed = (s: string) => !LONE_SURROGATE.test(s)

/** An escaped UTF-16 surrogate, paired or not: only bodies with one are walked. */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/

/**
 * The dotted path of the first key or string in `text` (JSON) that is not well-formed Unicode, `(body)` for
 * the body itself; undefined when there is none or the text is not JSON (the route's validation says so).
 */
export function illFormedPath(text: string): string | undefined {
  if (!ESCAPED_SURROGATE.test(text)) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const walk = (v: unknown, path: string): string | undefined => {
    if (typeof v === 'string') return wellFormed(v) ? undefined : path || '(body)'
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], path ? `${path}.${i}` : String(i))
        if (found !== undefined) return found
      }
      return undefined
    }
    if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key
        if (!wellFormed(key)) return at
        const found = walk(item, at)
        if (found !== undefined) return found
      }
    }
    return undefined
  }
  return walk(value, '')
}

/** Strict UTF-8 (a leading byte-order mark is skipped, as Request.text() does). */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Refuses a JSON request body that is not UTF-8 (400) or has a string that is not well-formed Unicode (422);
 * nothing is saved.
 */
export function wellFormedJson(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.header('content-type')?.includes('json')) return next()
    const bytes = await c.req.arrayBuffer()
    let text: string
    try {
      text = UTF8.decode(bytes)
    } catch {
      return problemResponse(c, deps, 'bad-request', 'The request body is not valid UTF-8 text; send JSON encoded as UTF-8. Nothing was saved.')
    }
    // The stream is read: what comes next (a route's own body limit) reads the same bytes again.
    c.req.raw = new Request(c.req.raw, { body: bytes })
    const path = illFormedPath(text)
    if (path === undefined) return next()
    const message = 'holds text that is not valid Unicode (a lone surrogate such as \\uD800); send it as UTF-8 text.'
    return problemResponse(c, deps, 'validation', `The request could not be saved: ${path} ${message}`, { errors: { [path]: `This ${message}` } })
  }
}
