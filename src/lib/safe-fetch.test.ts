import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AddressRefusedError,
  FetchFailedError,
  FetchTimeoutError,
  ResponseTooLargeError,
  TooManyRedirectsError,
  UrlNotAllowedError,
  formatBytes,
  safeFetch,
} from './safe-fetch.ts'

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(2_000_000)).toBe('2 MB')
    expect(formatBytes(1_500_000)).toBe('1.5 MB')
    expect(formatBytes(1000)).toBe('1 kB')
    expect(formatBytes(999)).toBe('999 bytes')
  })
})

describe('safeFetch against a local server', () => {
  let server: http.Server
  let base: string
  let port: number
  const hostsSeen: string[] = []
  const timers = new Set<NodeJS.Timeout>()

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local')
      hostsSeen.push(String(req.headers.host))
      switch (url.pathname) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'text/plain', 'x-accept': String(req.headers.accept ?? '') })
          res.end('hello')
          return
        case '/echo': {
          const chunks: Buffer[] = []
          req.on('data', (c: Buffer) => chunks.push(c))
          req.on('end', () => res.writeHead(200).end(JSON.stringify({ method: req.method, type: req.headers['content-type'], sig: req.headers['x-sig'], ua: req.headers['user-agent'], body: Buffer.concat(chunks).toString() })))
          return
        }
        case '/missing':
          res.writeHead(404, { 'content-type': 'text/plain' })
          res.end('no such page')
          return
        case '/redirect':
          res.writeHead(302, { location: url.searchParams.get('to') ?? '/ok' })
          res.end()
          return
        case '/loop':
          res.writeHead(301, { location: '/loop' })
          res.end()
          return
        case '/big':
          res.writeHead(200, { 'content-length': '5000' })
          res.end(Buffer.alloc(5000, 'x'))
          return
        case '/big-chunked': {
          res.writeHead(200, { 'content-type': 'text/plain' })
          let sent = 0
          const send = () => {
            if (sent >= 10) return res.end()
            sent++
            res.write(Buffer.alloc(500, 'y'))
            const t = setTimeout(send, 5)
            timers.add(t)
          }
          send()
          return
        }
        case '/slow': {
          const t = setTimeout(() => res.end('late'), 2000)
          timers.add(t)
          return
        }
        case '/slow-body': {
          res.writeHead(200, { 'content-type': 'text/plain' })
          res.write('first part, ')
          const t = setTimeout(() => res.end('rest'), 2000)
          timers.add(t)
          return
        }
        default:
          res.writeHead(404)
          res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
    base = `http://127.0.0.1:${port}`
  })
  afterAll(async () => {
    for (const t of timers) clearTimeout(t)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('POSTs a body with extra headers (webhooks), keeps its own User-Agent and follows no redirect', async () => {
    const res = await safeFetch(`${base}/echo`, { allowPrivate: true, method: 'POST', body: '{"text":"héllo"}', headers: { 'content-type': 'application/json', 'x-sig': 'sha256=ab', 'user-agent': 'evil' } })
    expect(JSON.parse(res.body.toString())).toEqual({ method: 'POST', type: 'application/json', sig: 'sha256=ab', ua: 'Embassy/1 (open-source Ambassador programs)', body: '{"text":"héllo"}' })
    await expect(safeFetch(`${base}/redirect?to=/echo`, { allowPrivate: true, method: 'POST', body: 'x' })).rejects.toThrow(new TooManyRedirectsError(0))
    await expect(safeFetch(`${base}/echo`, { method: 'POST', body: 'x' })).rejects.toThrow('refused: 127.0.0.1 is a loopback address')
  })

  it('fetches from a local server when private addresses are allowed', async () => {
    const res = await safeFetch(`${base}/ok`, { allowPrivate: true, accept: 'text/plain' })
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe('hello')
    expect(res.headers['content-type']).toBe('text/plain')
    expect(res.headers['x-accept']).toBe('text/plain')
    expect(res.url).toBe(`${base}/ok`)
  })

  it('returns error statuses as responses', async () => {
    const res = await safeFetch(`${base}/missing`, { allowPrivate: true })
    expect(res.status).toBe(404)
    expect(res.body.toString()).toBe('no such page')
  })

  it('refuses loopback by default, by address and by name', async () => {
    await expect(safeFetch(`${base}/ok`)).rejects.toThrow(new AddressRefusedError('127.0.0.1', 'loopback', '127.0.0.1'))
    await expect(safeFetch(`${base}/ok`)).rejects.toThrow('refused: 127.0.0.1 is a loopback address')
    await expect(safeFetch(`http://localhost:${port}/ok`)).rejects.toThrow(/^refused: (127\.0\.0\.1|::1) is a loopback address \(localhost resolves to it\)$/)
    await expect(safeFetch(`http://[::ffff:127.0.0.1]:${port}/ok`)).rejects.toThrow('refused: ::ffff:7f00:1 is a loopback address')
    // The decimal and hex spellings of 127.0.0.1 are normalised by the URL parser and refused too.
    await expect(safeFetch(`http://2130706433:${port}/ok`)).rejects.toThrow('refused: 127.0.0.1 is a loopback address')
    await expect(safeFetch(`http://0x7f.1:${port}/ok`)).rejects.toThrow('refused: 127.0.0.1 is a loopback address')
    await expect(safeFetch('http://169.254.169.254/latest/meta-data/')).rejects.toThrow('refused: 169.254.169.254 is a link-local address')
    await expect(safeFetch('http://10.0.0.1/')).rejects.toThrow('refused: 10.0.0.1 is a private address')
    await expect(safeFetch('http://0.0.0.0/')).rejects.toThrow('refused: 0.0.0.0 is an unspecified address')
  })

  it('refuses a host when any of its addresses is not public', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '192.168.0.10', family: 4 },
    ]
    await expect(safeFetch('http://mixed.example/feed', { resolve })).rejects.toThrow('refused: 192.168.0.10 is a private address (mixed.example resolves to it)')
  })

  it('connects to the address it checked, with the original Host header (no second resolution)', async () => {
    let resolutions = 0
    const resolve = async (host: string) => {
      resolutions++
      expect(host).toBe('feeds.example.test')
      return [{ address: '127.0.0.1', family: 4 }]
    }
    const before = hostsSeen.length
    const res = await safeFetch(`http://feeds.example.test:${port}/ok`, { resolve, allowAddresses: ['127.0.0.1'] })
    expect(res.body.toString()).toBe('hello')
    expect(hostsSeen.slice(before)).toEqual([`feeds.example.test:${port}`])
    expect(resolutions).toBe(1)
  })

  it('follows redirects, checking every target', async () => {
    const res = await safeFetch(`${base}/redirect?to=/redirect%3Fto%3D/ok`, { allowPrivate: true })
    expect(res.status).toBe(200)
    expect(res.url).toBe(`${base}/ok`)
    // 127.0.0.1 is allowed explicitly; the redirect target is not.
    await expect(safeFetch(`${base}/redirect?to=http://10.0.0.1/admin`, { allowAddresses: ['127.0.0.1'] })).rejects.toThrow('refused: 10.0.0.1 is a private address')
    await expect(safeFetch(`${base}/redirect?to=http://169.254.169.254/latest/meta-data/`, { allowAddresses: ['127.0.0.1'] })).rejects.toThrow(AddressRefusedError)
    await expect(safeFetch(`${base}/redirect?to=http://[::1]:${port}/ok`, { allowAddresses: ['127.0.0.1'] })).rejects.toThrow('refused: ::1 is a loopback address')
    await expect(safeFetch(`${base}/redirect?to=file:///etc/passwd`, { allowPrivate: true })).rejects.toThrow(UrlNotAllowedError)
  })

  it('follows at most 3 redirects', async () => {
    await expect(safeFetch(`${base}/loop`, { allowPrivate: true })).rejects.toThrow(new TooManyRedirectsError(3))
    await expect(safeFetch(`${base}/loop`, { allowPrivate: true })).rejects.toThrow('too many redirects (more than 3)')
    const three = `${base}/redirect?to=${encodeURIComponent(`/redirect?to=${encodeURIComponent('/redirect?to=/ok')}`)}`
    expect((await safeFetch(three, { allowPrivate: true })).status).toBe(200)
  })

  it('fails beyond the size limit, declared or streamed', async () => {
    await expect(safeFetch(`${base}/big`, { allowPrivate: true, maxBytes: 1000 })).rejects.toThrow(new ResponseTooLargeError(1000))
    await expect(safeFetch(`${base}/big`, { allowPrivate: true, maxBytes: 1000 })).rejects.toThrow('response larger than 1 kB')
    await expect(safeFetch(`${base}/big-chunked`, { allowPrivate: true, maxBytes: 1200 })).rejects.toThrow('response larger than 1.2 kB')
    expect((await safeFetch(`${base}/big-chunked`, { allowPrivate: true, maxBytes: 5000 })).body.length).toBe(5000)
    expect(new ResponseTooLargeError(2_000_000).message).toBe('response larger than 2 MB')
  })

  it('gives up after the time limit, waiting for headers or for the body', async () => {
    const started = Date.now()
    await expect(safeFetch(`${base}/slow`, { allowPrivate: true, timeoutMs: 200 })).rejects.toThrow(new FetchTimeoutError(200))
    expect(Date.now() - started).toBeLessThan(1500)
    await expect(safeFetch(`${base}/slow-body`, { allowPrivate: true, timeoutMs: 200 })).rejects.toThrow('timed out after 0.2 s')
    expect(new FetchTimeoutError(10_000).message).toBe('timed out after 10 s')
  })

  it('times out a resolver that does not answer', async () => {
    const resolve = () => new Promise<never>(() => {})
    await expect(safeFetch('http://hangs.example.test/', { resolve, timeoutMs: 100 })).rejects.toThrow('timed out after 0.1 s')
  })

  it('accepts only http and https URLs', async () => {
    await expect(safeFetch('ftp://example.org/feed')).rejects.toThrow('only http and https URLs can be fetched, not ftp: URLs')
    await expect(safeFetch('file:///etc/passwd')).rejects.toThrow(UrlNotAllowedError)
    await expect(safeFetch('gopher://127.0.0.1:6379/_INFO')).rejects.toThrow(UrlNotAllowedError)
    await expect(safeFetch('not a url')).rejects.toThrow('not a valid URL: not a url')
  })

  it('reports unreachable hosts and unknown names as fetch failures', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(safeFetch(`http://127.0.0.1:${closedPort}/`, { allowPrivate: true })).rejects.toThrow(FetchFailedError)
    const notFound = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' })
    }
    await expect(safeFetch('http://nowhere.invalid/', { resolve: notFound })).rejects.toThrow('cannot resolve nowhere.invalid: no such host')
  })
})
