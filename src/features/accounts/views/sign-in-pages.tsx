import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'

/** The sign-in form: an email link, and the configured single-sign-on providers. */
export function SignInPage(props: {
  locale: Locale
  csrf: string
  next: string
  email?: string
  error?: string
  providers: { id: string; label: string }[]
}) {
  const { locale } = props
  return (
    <Layout meta={{ title: `${t(locale, 'signIn.title')} · Embassy`, locale, languageSwitch: true }}>
      <h1>{t(locale, 'signIn.title')}</h1>
      <form class="card form" method="post" action="/sign-in" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>{t(locale, 'signIn.intro')}</p>
        <div class="field">
          <label for="email">{t(locale, 'signIn.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxlength={254}
            value={props.email ?? ''}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'email-error' : undefined}
          />
          {props.error ? (
            <p class="field-error" id="email-error">
              {props.error}
            </p>
          ) : null}
        </div>
        <button type="submit">{t(locale, 'signIn.send')}</button>
      </form>
      {props.providers.length ? (
        <section class="card">
          <h2>{t(locale, 'signIn.or')}</h2>
          <ul class="links">
            {props.providers.map((p) => (
              <li>
                <form method="post" action={`/sign-in/${p.id}`}>
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="next" value={props.next} />
                  <button type="submit" class="secondary">
                    {p.label}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  )
}

/** After the link is sent. */
export function SignInSentPage(props: { locale: Locale; email: string; minutes: number }) {
  return (
    <Layout meta={{ title: `${t(props.locale, 'signIn.sentTitle')} · Embassy`, locale: props.locale }}>
      <h1>{t(props.locale, 'signIn.sentTitle')}</h1>
      <p role="status">{t(props.locale, 'signIn.sent', { email: props.email, minutes: props.minutes })}</p>
    </Layout>
  )
}

/** The page a sign-in link opens: one button, so that mail scanners that fetch links do not use the token up. */
export function SignInVerifyPage(props: { locale: Locale; csrf: string; token: string }) {
  return (
    <Layout meta={{ title: `${t(props.locale, 'signIn.verifyTitle')} · Embassy`, locale: props.locale }}>
      <h1>{t(props.locale, 'signIn.verifyTitle')}</h1>
      <form class="card" method="post" action="/sign-in/verify">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <p>{t(props.locale, 'signIn.verifyIntro')}</p>
        <button type="submit">{t(props.locale, 'signIn.continue')}</button>
      </form>
    </Layout>
  )
}
