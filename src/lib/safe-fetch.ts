/**
 * The one way Embassy makes an outbound HTTP request to an address it was given (a feed URL, later webhooks
 * and avatars): a guard against server-side request forgery.
 *
 * - Only http: and https: URLs.
 * - The host is resolved once (`dns.lookup`, all addresses); if any address is loopback, private, link-local
 *   (which includes the cloud metadata service 169.254.169.254), unspecified, carrier-grade NAT, multicast or
 *   otherwise reserved — IPv4-mapped and NAT64/6to4-embedded IPv6 forms included — the request is refused.
 * - The connection then goes to exactly the addresses that were checked (a `lookup` pinned to them is given to
 *   http/https.request), with the original Host header and TLS server name, so a DNS answer that changes
 *   between check and connect (DNS rebinding) cannot reach an internal address.
 * - At most 3 redirects, each target checked the same way; one deadline for the whole exchange; the body is
 *   read up to a size limit and the request fails beyond it.
 *
 * `allowPrivate` lifts the address check (tests, development against a local server); so does the environment
 * variable EMBASSY_ALLOW_PRIVATE_FETCH=1, read once at start-up, for tests and development only — never set it
 * on a deployment that fetches URLs given by users.
 */
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { classifyAddress } from './ip-address.ts'
import { AddressRefusedError, FetchFailedError, FetchTimeoutError, ResponseTooLargeError, SafeFetchError, TooManyRedirectsError, UrlNotAllowedError } from './safe-fetch-errors.ts'

/** Read once: EMBASSY_ALLOW_PRIVATE_FETCH=1 lets every safeFetch reach private addresses (tests and development only). */
const ENV_ALLOW_PRIVATE = process.env.EMBASSY_ALLOW_PRIVATE_FETCH === '1'

const USER_AGENT = 'Embassy/1 (open-source Ambassador programs)'

/** A resolved address, as `dns.lookup(host, { all: true })` gives it. */
export interface ResolvedAddress {
  address: string
  family: number
}

/** Options of safeFetch. */
export interface SafeFetchOptions {
  /** The largest body accepted, in bytes (default 2,000,000); beyond it the request fails. */
  maxBytes?: number
  /** The deadline of the whole exchange, redirects included, in milliseconds (default 10,000). */
  timeoutMs?: number
  /** Reach loopback and private addresses too (tests, development). Default: EMBASSY_ALLOW_PRIVATE_FETCH=1, else false. */
  allowPrivate?: boolean
  /** Specific addresses reachable although not public (an internal mirror; tests). Exact textual match. */
  allowAddresses?: string[]
  /** The Accept header. */
  accept?: string
  /** Redirects followed at most (default 3). */
  maxRedirects?: number
  /** Resolves a host name (default `dns.lookup(host, { all: true })`); tests stand in a fake resolver. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>
  /** POST `body` (webhooks) instead of GET; a POST follows no redirect unless maxRedirects says so. */
  method?: 'GET' | 'POST'
  body?: string | Buffer
  /** Extra request headers (content-type, signatures); Host and User-Agent stay Embassy's. */
  headers?: Record<string, string>
}

/** A completed response (any status; redirects already followed). */
export interface SafeFetchResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** The URL finally fetched, after redirects. */
  url: string
}

// Its failures live in safe-fetch-errors.ts; callers import them from here, with safeFetch.
export {
  AddressRefusedError,
  FetchFailedError,
  FetchTimeoutError,
  formatBytes,
  ResponseTooLargeError,
  SafeFetchError,
  TooManyRedirectsError,
  UrlNotAllowedError,
  type SafeFetchErrorCode,
} from './safe-fetch-errors.ts'

// ---------------------------------------------------------------------------------------------------------
// Fetching

const REDIRECTS = new Set([301, 302, 303, 307, 308])

const defaultResolve = async (hostname: string): Promise<ResolvedAddress[]> => dns.promises.lookup(hostname, { all: true })

/** Rejects when the signal aborts (with its reason), else settles as `p`. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}

/** Parses and checks the scheme of a URL to fetch. */
function checkUrl(raw: string | URL, base?: URL): URL {
  let url: URL
  try {
    url = new URL(String(raw), base)
  } catch {
    throw new UrlNotAllowedError(`not a valid URL: ${String(raw).slice(0, 200)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlNotAllowedError(`only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, '')}: URLs`)
  }
  if (!url.hostname) throw new UrlNotAllowedError(`the URL has no host: ${url.href}`)
  return url
}

interface Settings {
  maxBytes: number
  timeoutMs: number
  allowPrivate: boolean
  allowAddresses: Set<string>
  accept: string | undefined
  resolve: (hostname: string) => Promise<ResolvedAddress[]>
  method: 'GET' | 'POST'
  body: Buffer | undefined
  headers: Record<string, string>
}

/** Resolves the host of a URL and checks every address; returns the addresses to connect to. */
async function resolveChecked(url: URL, s: Settings, signal: AbortSignal): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: ResolvedAddress[]
  const literal = net.isIP(host)
  if (literal) addresses = [{ address: host, family: literal }]
  else {
    try {
      addresses = await abortable(s.resolve(host), signal)
    } catch (e) {
      if (signal.aborted) throw signal.reason
      const code = (e as NodeJS.ErrnoException).code
      throw new FetchFailedError(code === 'ENOTFOUND' || code === 'ENODATA' ? `cannot resolve ${host}: no such host` : `cannot resolve ${host}: ${(e as Error).message}`)
    }
    if (addresses.length === 0) throw new FetchFailedError(`cannot resolve ${host}: no address`)
  }
  if (!s.allowPrivate) {
    for (const { address } of addresses) {
      if (s.allowAddresses.has(address)) continue
      const cls = classifyAddress(address)
      if (cls !== 'public') throw new AddressRefusedError(address, cls, host)
    }
  }
  return addresses
}

/** A `lookup` for net.connect that only ever answers with the checked addresses. */
function pinnedLookup(addresses: ResolvedAddress[]): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses
    const list = wanted.length ? wanted : addresses
    if (options.all) callback(null, list.map((a) => ({ address: a.address, family: a.family })))
    else callback(null, list[0]!.address, list[0]!.family)
  }) as net.LookupFunction
}

type Hop = { kind: 'redirect'; status: number; location: string } | { kind: 'response'; response: Omit<SafeFetchResponse, 'url'> }

/** One request to one checked URL; reads the body (within the limit) unless it is a redirect. */
function requestOnce(url: URL, addresses: ResolvedAddress[], s: Settings, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const headers: http.OutgoingHttpHeaders = { ...s.headers, host: url.host, 'user-agent': USER_AGENT, 'accept-encoding': 'identity' }
    if (s.accept) headers.accept = s.accept
    if (s.body) headers['content-length'] = s.body.length
    const options: https.RequestOptions = {
      protocol: url.protocol,
      host,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: s.method,
      headers,
      agent: false, // no pooled socket: every connection goes through the pinned lookup
      lookup: pinnedLookup(addresses),
      signal,
    }
    if (url.protocol === 'https:' && !net.isIP(host)) options.servername = host
    let settled = false
    const fail = (e: unknown) => {
      if (settled) return
      settled = true
      reject(signal.aborted ? signal.reason : e instanceof SafeFetchError ? e : new FetchFailedError(`could not fetch ${url.href}: ${(e as Error).message}`))
    }
    const req = (url.protocol === 'https:' ? https : http).request(options, (res) => {
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (REDIRECTS.has(status) && location) {
        settled = true
        res.destroy()
        resolve({ kind: 'redirect', status, location })
        return
      }
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > s.maxBytes) {
        fail(new ResponseTooLargeError(s.maxBytes))
        res.destroy()
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > s.maxBytes) {
          fail(new ResponseTooLargeError(s.maxBytes))
          res.destroy()
          return
        }
        chunks.push(chunk)
      })
      res.on('end', () => {
        if (settled) return
        settled = true
        resolve({ kind: 'response', response: { status, headers: res.headers, body: Buffer.concat(chunks) } })
      })
      res.on('error', fail)
      res.on('close', () => {
        if (!res.complete) fail(new FetchFailedError(`could not fetch ${url.href}: the connection was closed before the response was complete`))
      })
    })
    req.on('error', fail)
    req.end(s.body)
  })
}

/**
 * GETs (or POSTs) an http(s) URL with the SSRF guard described above. Resolves with any status (a 404 is a response,
 * not an error); rejects with a SafeFetchError: UrlNotAllowedError, AddressRefusedError, FetchTimeoutError,
 * ResponseTooLargeError, TooManyRedirectsError or FetchFailedError.
 */
export async function safeFetch(url: string | URL, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const s: Settings = {
    maxBytes: options.maxBytes ?? 2_000_000,
    timeoutMs: options.timeoutMs ?? 10_000,
    allowPrivate: options.allowPrivate ?? ENV_ALLOW_PRIVATE,
    allowAddresses: new Set(options.allowAddresses ?? []),
    accept: options.accept,
    resolve: options.resolve ?? defaultResolve,
    method: options.method ?? 'GET',
    body: options.body === undefined ? undefined : Buffer.from(options.body),
    headers: options.headers ?? {},
  }
  const maxRedirects = options.maxRedirects ?? (s.method === 'POST' ? 0 : 3)
  let current = checkUrl(url)
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new FetchTimeoutError(s.timeoutMs)), s.timeoutMs)
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await resolveChecked(current, s, controller.signal)
      const hop = await requestOnce(current, addresses, s, controller.signal)
      if (hop.kind === 'response') return { ...hop.response, url: current.href }
      if (redirects >= maxRedirects) throw new TooManyRedirectsError(maxRedirects)
      current = checkUrl(hop.location, current)
    }
  } finally {
    clearTimeout(timer)
  }
}
