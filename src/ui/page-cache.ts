import { createHash } from 'node:crypto'

const encoder = new TextEncoder()

/** A rendered page: its UTF-8 bytes (encoded once, not on every request) and its ETag. */
export interface RenderedPage {
  body: Uint8Array<ArrayBuffer>
  etag: string
}

interface CachedPage extends RenderedPage {
  expiresAt: number
}

/**
 * Rendered public pages, kept in memory for a few seconds and answered with ETags. Public pages change
 * rarely; writes made in this process clear the cache at once. On PostgreSQL `onClear` tells the other
 * processes, which forget their pages too (page-cache-sync.ts); without it they see a change within `ttlSeconds`.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>()
  /** Bumped by every clear: a page rendered from data read before a clear is not kept after it. */
  private generation = 0
  /** Called after clear() (not after forget()): tells the other processes sharing the database. */
  onClear: (() => void) | undefined

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached page under `key`, or a fresh rendering stored for next time. */
  async get(key: string, render: () => Promise<string>): Promise<RenderedPage> {
    const hit = this.pages.get(key)
    const t = this.now()
    if (hit && hit.expiresAt > t) return hit
    const generation = this.generation
    const body = encoder.encode(await render())
    const page = { body, etag: etagOf(body), expiresAt: t + this.ttlSeconds * 1000 }
    if (this.ttlSeconds > 0 && generation === this.generation) {
      this.pages.delete(key)
      this.pages.set(key, page)
      // Oldest first: a Map iterates in insertion order, so this evicts the least recently rendered.
      while (this.pages.size > this.maxEntries) this.pages.delete(this.pages.keys().next().value as string)
    }
    return page
  }

  /** Forgets every page here and in the other processes (called after writes that change public content). */
  clear(): void {
    this.forget()
    this.onClear?.()
  }

  /** Forgets every page of this process only (another process changed public content). */
  forget(): void {
    this.generation++
    this.pages.clear()
  }

  /** Number of pages held. */
  get size(): number {
    return this.pages.size
  }
}

/** A strong ETag of a body. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`
}

/** Whether an If-None-Match header matches the ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*')
}
