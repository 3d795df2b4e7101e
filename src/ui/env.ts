import type { Viewer } from '../features/accounts/sessions.ts'
import type { Locale } from './i18n.ts'

/** Variables the middleware puts on every request's context. */
export interface AppEnv {
  Variables: {
    requestId: string
    /** The signed-in person, on routes that look for one. */
    viewer: Viewer | undefined
    /** The token forms must echo back (double-submit, HMAC-bound to the CSRF cookie). */
    csrfToken: string
    locale: Locale
  }
}
