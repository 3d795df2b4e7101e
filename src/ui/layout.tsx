import type { Child } from 'hono/jsx'
import { stylesheetPath } from './assets.ts'
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
          Skip to content
        </a>
        <header class="site-header">
          <div class="inner">
            <a class="brand" href={c ? `/c/${c.slug}` : '/'}>
              {c ? `${c.name} Ambassadors` : 'Embassy'}
            </a>
            <nav aria-label="Main">
              <ul>
                {c ? (
                  <>
                    <li>
                      <a href={`/c/${c.slug}`}>Programs</a>
                    </li>
                    <li>
                      <a href={`/c/${c.slug}/ambassadors`}>Ambassador directory</a>
                    </li>
                  </>
                ) : null}
                <li>
                  <a href="/">All communities</a>
                </li>
                <li>
                  <a href="/account">Account</a>
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
          <div class="inner">Powered by Embassy, open-source software for community Ambassador programs.</div>
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

/** A page for a failure the visitor can act on (404, 400). */
export function ErrorPage(props: { status: number; title: string; message: string; community?: PageMeta['community'] }) {
  return (
    <Layout meta={{ title: `${props.title} · Embassy`, community: props.community }}>
      <h1>{props.title}</h1>
      <div class="error-box" role="alert">
        <p>{props.message}</p>
      </div>
      <p>
        <a href="/">Go to the list of communities</a>
      </p>
    </Layout>
  )
}
