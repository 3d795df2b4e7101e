// The failures of safeFetch (safe-fetch.ts), each with a message meant for the user, and the formatting of the
// limits they name.
import type { AddressClass } from './ip-address.ts'

/** Why a safe fetch failed. */
export type SafeFetchErrorCode = 'bad_url' | 'refused' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network'

/** A failure of safeFetch; its message is meant for the user. */
export class SafeFetchError extends Error {
  override name = 'SafeFetchError'
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** The URL is not an http(s) URL. */
export class UrlNotAllowedError extends SafeFetchError {
  override name = 'UrlNotAllowedError'
  constructor(message: string) {
    super('bad_url', message)
  }
}

/** The host resolved to an address that is not public: "refused: 10.0.0.1 is a private address". */
export class AddressRefusedError extends SafeFetchError {
  override name = 'AddressRefusedError'
  constructor(
    readonly address: string,
    readonly addressClass: AddressClass,
    readonly host: string,
  ) {
    const via = host !== address ? ` (${host} resolves to it)` : ''
    super('refused', `refused: ${address} is ${article(addressClass)} ${addressClass} address${via}`)
  }
}

/** The deadline passed: "timed out after 10 s". */
export class FetchTimeoutError extends SafeFetchError {
  override name = 'FetchTimeoutError'
  constructor(readonly timeoutMs: number) {
    super('timeout', `timed out after ${formatSeconds(timeoutMs)}`)
  }
}

/** The body exceeded the size limit: "response larger than 2 MB". */
export class ResponseTooLargeError extends SafeFetchError {
  override name = 'ResponseTooLargeError'
  constructor(readonly maxBytes: number) {
    super('too_large', `response larger than ${formatBytes(maxBytes)}`)
  }
}

/** More redirects than allowed. */
export class TooManyRedirectsError extends SafeFetchError {
  override name = 'TooManyRedirectsError'
  constructor(readonly maxRedirects: number) {
    super('too_many_redirects', `too many redirects (more than ${maxRedirects})`)
  }
}

/** The host could not be resolved or reached, or the connection failed. */
export class FetchFailedError extends SafeFetchError {
  override name = 'FetchFailedError'
  constructor(message: string) {
    super('network', message)
  }
}

const article = (c: AddressClass) => (/^[aeiu]/.test(c) ? 'an' : 'a')

/** "10 s", "0.2 s", "1.5 s". */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`
}

/** "2 MB", "1.5 MB", "1 kB", "500 bytes" (decimal units). */
export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toFixed(1))} MB`
  if (n >= 1_000) return `${Number((n / 1_000).toFixed(1))} kB`
  return `${n} bytes`
}
