import type { Hono } from 'hono'

/**
 * A cookie-keeping client for `app.request()`: it behaves like a browser for forms (cookies, the CSRF field
 * read from the last page) without a network.
 */
export class FormClient {
  private cookies = new Map<string, string>()
  csrf = ''
  lastHtml = ''

  constructor(private readonly app: Hono<any>) {}

  private store(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      if (/max-age=0/i.test(header) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** GET a page, remembering cookies and the page's CSRF token. */
  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader(), ...headers } })
    this.store(res)
    const text = await res.text()
    this.lastHtml = text
    const m = /name="_csrf" value="([^"]+)"/.exec(text)
    if (m) this.csrf = m[1]!
    return { status: res.status, headers: res.headers, text }
  }

  /** POST a form with the current CSRF token (unless `_csrf` is given). */
  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams()
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf)
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
    const res = await this.app.request(path, {
      method: 'POST',
      body,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
    this.store(res)
    const text = await res.text()
    this.lastHtml = text
    const m = /name="_csrf" value="([^"]+)"/.exec(text)
    if (m) this.csrf = m[1]!
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') }
  }

  /** Sets a cookie as the browser (or its scripts) would. */
  setCookie(name: string, value: string) {
    this.cookies.set(name, value)
  }

  /** Whether a cookie is set. */
  has(name: string) {
    return this.cookies.has(name)
  }

  /** Any request with this client's cookies and its CSRF token in the X-CSRF-Token header (as same-origin scripts send it). */
  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const res = await this.app.request(path, {
      method,
      body: init.body,
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf, ...init.headers },
    })
    this.store(res)
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') }
  }
}
