/** Counting evidence: link identity for duplicates, and the running tally of one counting requirement. */
import { searchKey } from '../../lib/text.ts'
import type { EvidenceItem } from './types.ts'

/**
 * The identity of a link for spotting duplicates: scheme (http/https), "www.", fragment, default port and
 * trailing slashes dropped, host lower-cased; the path and query keep their case. Null when blank.
 * Works on offsets and returns one substring in the common case (this runs for every item that counts).
 */
export function normaliseUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const s = raw.trim()
  let end = s.indexOf('#')
  if (end < 0) end = s.length
  // Scheme: http:// or https:// (any case), or a protocol-relative //.
  let hs = 0
  if (end >= 7 && (s.charCodeAt(0) | 32) === 104 && (s.charCodeAt(1) | 32) === 116 && (s.charCodeAt(2) | 32) === 116 && (s.charCodeAt(3) | 32) === 112) {
    const i = (s.charCodeAt(4) | 32) === 115 ? 5 : 4
    if (s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) hs = i + 3
  } else if (s.charCodeAt(0) === 47 && s.charCodeAt(1) === 47) hs = 2
  // Host: up to the first / or ?; note upper case letters.
  let he = hs
  let upper = false
  for (; he < end; he++) {
    const c = s.charCodeAt(he)
    if (c === 47 || c === 63) break
    if ((c >= 65 && c <= 90) || c > 127) upper = true
  }
  let hostStart = hs
  if (he - hs >= 4 && (s.charCodeAt(hs) | 32) === 119 && (s.charCodeAt(hs + 1) | 32) === 119 && (s.charCodeAt(hs + 2) | 32) === 119 && s.charCodeAt(hs + 3) === 46) hostStart = hs + 4
  let hostEnd = he
  if (s.endsWith(':443', he)) hostEnd = he - 4
  else if (s.endsWith(':80', he)) hostEnd = he - 3
  // Path: trailing slashes dropped; query kept (without an empty "?").
  let q = s.indexOf('?', he)
  if (q < 0 || q >= end) q = end
  let pathEnd = q
  while (pathEnd > he && s.charCodeAt(pathEnd - 1) === 47) pathEnd--
  const hasQuery = q + 1 < end
  if (!upper && hostEnd === he && (pathEnd === q || !hasQuery)) {
    // Contiguous: one substring.
    const key = s.slice(hostStart, hasQuery ? end : pathEnd)
    return key === '' ? null : key
  }
  const host = upper ? s.slice(hostStart, hostEnd).toLowerCase() : s.slice(hostStart, hostEnd)
  const key = host + s.slice(he, pathEnd) + (hasQuery ? s.slice(q, end) : '')
  return key === '' ? null : key
}

/** One distinct link (or project) of a tally; links shared by several evidence types are chained. */
interface Seen {
  type: string
  id: string
  count: number
  next: Seen | null
}

/** Running totals of one counting requirement while the evidence is read. */
export class Tally {
  count = 0
  ids: string[] = []
  keyed: Map<string, Seen> | null = null
  undated = 0
  unreadable = 0
  outside = 0
  duplicates = 0
  constructor(
    readonly projects: boolean,
    readonly firstDay: string | null,
    readonly lastDay: string,
  ) {}

  /** Counts an item that passed the type and window checks; links and projects already seen count once. */
  add(item: EvidenceItem, url: string | null): void {
    const id = typeof item.id === 'string' ? item.id : typeof item.id === 'number' ? String(item.id) : ''
    let key: string
    let n = 1
    if (this.projects) {
      if (url !== null) key = `u${url}`
      else {
        const name = typeof item.title === 'string' ? foldTitle(item.title) : ''
        key = name !== '' ? `t${name}` : `i${id}`
      }
    } else {
      const c = item.count
      n = typeof c === 'number' && c >= 1 && c < Infinity ? Math.floor(c) : 1
      if (url === null) {
        this.count += n
        this.ids.push(id)
        return
      }
      key = url
    }
    const type = item.type
    this.keyed ??= new Map()
    const first = this.keyed.get(key)
    let seen: Seen | null | undefined = first
    while (seen !== undefined && seen !== null && seen.type !== type) seen = seen.next
    if (seen === undefined || seen === null) {
      const entry: Seen = { type, id, count: n, next: first ?? null }
      this.keyed.set(key, entry)
      return
    }
    // Keep the largest count, then the smallest id, so the result does not depend on evidence order.
    this.duplicates++
    if (n > seen.count || (n === seen.count && id < seen.id)) {
      seen.id = id
      seen.count = n
    }
  }

  /** The total and the sorted ids that counted. */
  finish(): { count: number; counted: string[] } {
    let count = this.count
    const counted = this.ids
    if (this.keyed) {
      for (const seen of this.keyed.values()) {
        for (let s: Seen | null = seen; s !== null; s = s.next) {
          count += s.count
          counted.push(s.id)
        }
      }
    }
    counted.sort()
    return { count, counted }
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** The folded name of a project (searchKey), with a fast path for plain ASCII. */
function foldTitle(title: string): string {
  return PRINTABLE_ASCII.test(title) ? title.toLowerCase().replace(/ {2,}/g, ' ').trim() : searchKey(title)
}
