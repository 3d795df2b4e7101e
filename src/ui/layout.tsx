import type { Child } from 'hono/jsx'
import { stylesheetPath } from './assets.ts'
import { t, type Locale, type MessageKey } from './i18n.ts'
import { withLanguage } from './request-url.ts'

/** What every page tells the layout. */
export interface PageMeta {
  title: string
  description?: string
  /** The community whose theme and navigation frame the page. */
  community?: { slug: string; name: string }
  /** Canonical absolute URL of the page. */
  canonical?: string
  /** Absolute URL of the page's OpenGraph image (a PNG). */
  image?: string
  /** Language of the page (applicant pages follow the viewer's choice). */
  locale?: string
  /** Offer the language switch (applicant pages). */
  languageSwitch?: boolean
  /** Scripts of this site to load (progressive enhancement only). */
  scripts?: string[]
}

/** The frame of every public page: skip link, header with navigation, main landmark, footer. */
export function Layout(props: { meta: PageMeta; children: Child }) {
  const { meta } = props
  const c = meta.community
  const locale: Locale = meta.locale === 'zh-CN' ? 'zh-CN' : 'en'
  return (
    <html lang={meta.locale ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        <meta property="og:title" content={meta.title} />
        {meta.description ? <meta property="og:description" content={meta.description} /> : null}
        {meta.canonical ? <link rel="canonical" href={meta.canonical} /> : null}
        {meta.canonical ? <meta property="og:url" content={meta.canonical} /> : null}
        {meta.image ? <meta property="og:image" content={meta.image} /> : null}
        {meta.image ? <meta name="twitter:card" content="summary_large_image" /> : null}
        <link rel="stylesheet" href={stylesheetPath} />
        {c ? <link rel="stylesheet" href={`/c/${c.slug}/theme.css`} /> : null}
        {(meta.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t(locale, 'layout.skip')}
        </a>
        <header class="site-header">
          <div class="inner">
            <a class="brand" href={c ? `/c/${c.slug}` : '/'}>
              {c ? t(locale, 'layout.brand', { community: c.name }) : 'Embassy'}
            </a>
            <nav aria-label={t(locale, 'layout.mainNav')}>
              <ul>
                {c ? (
                  <>
                    <li>
                      <a href={`/c/${c.slug}`}>{t(locale, 'layout.programs')}</a>
                    </li>
                    <li>
                      <a href={`/c/${c.slug}/ambassadors`}>{t(locale, 'layout.directory')}</a>
                    </li>
                  </>
                ) : null}
                <li>
                  <a href="/">{t(locale, 'layout.communities')}</a>
                </li>
                <li>
                  <a href="/account">{t(locale, 'layout.account')}</a>
                </li>
                {meta.languageSwitch ? (
                  <li>
                    {meta.locale === 'zh-CN' ? (
                      <a href={withLanguage('en')} lang="en" hreflang="en">
                        English
                      </a>
                    ) : (
                      <a href={withLanguage('zh-CN')} lang="zh-CN" hreflang="zh-CN">
                        简体中文
                      </a>
                    )}
                  </li>
                ) : null}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="inner">{t(locale, 'layout.footer')}</div>
        </footer>
      </body>
    </html>
  )
}

/** The initials shown in place of an avatar (first letters of the first two words, any script). */
export function initials(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/u)
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '')
  return letters.join('').toLocaleUpperCase()
}

/** The hidden CSRF field every form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

const errorTitles: Record<number, MessageKey> = {
  400: 'error.title.400',
  401: 'error.title.401',
  403: 'error.title.403',
  404: 'error.title.404',
  409: 'error.title.409',
  410: 'error.title.410',
  413: 'error.title.413',
  422: 'error.title.422',
  429: 'error.title.429',
  500: 'error.title.500',
  503: 'error.title.503',
}

/** The heading of an error page for `status`, in `locale`. */
export function errorTitle(locale: Locale, status: number): string {
  return t(locale, errorTitles[status] ?? 'error.title.500')
}

/** A page for a failure the visitor can act on (404, 400), in the visitor's language (the title defaults to the status's). */
export function ErrorPage(props: { status: number; title?: string; message: string; community?: PageMeta['community']; locale?: Locale }) {
  const locale = props.locale ?? 'en'
  const title = props.title ?? errorTitle(locale, props.status)
  return (
    <Layout meta={{ title: `${title} · Embassy`, community: props.community, locale, languageSwitch: true }}>
      <h1>{title}</h1>
      <div class="error-box" role="alert">
        <p>{props.message}</p>
      </div>
      <p>
        <a href="/">{t(locale, 'error.home')}</a>
      </p>
    </Layout>
  )
}
