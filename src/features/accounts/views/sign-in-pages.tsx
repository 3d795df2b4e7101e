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

/** The page a confirmation link opens: the button adds the address to the account named. */
export function ConfirmEmailPage(props: { locale: Locale; csrf: string; token: string; email: string; name: string }) {
  const { locale } = props
  return (
    <Layout meta={{ title: `${t(locale, 'confirmEmail.title')} · Embassy`, locale }}>
      <h1>{t(locale, 'confirmEmail.title')}</h1>
      <form class="card" method="post" action="/sign-in/verify">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <p>{t(locale, 'confirmEmail.intro', { email: props.email, name: props.name })}</p>
        <button type="submit">{t(locale, 'confirmEmail.continue')}</button>
      </form>
    </Layout>
  )
}

/** After a confirmation link: added (with a sign-in link when this browser is not signed in as its person), or refused. */
export function ConfirmEmailDonePage(props: { locale: Locale; email: string; name: string; outcome: 'added' | 'taken'; signedIn: boolean }) {
  const { locale } = props
  const vars = { email: props.email, name: props.name }
  return (
    <Layout meta={{ title: `${t(locale, 'confirmEmail.title')} · Embassy`, locale }}>
      <h1>{t(locale, 'confirmEmail.title')}</h1>
      {props.outcome === 'added' ? (
        <p class="notice" role="status">
          {t(locale, 'confirmEmail.done', vars)}
        </p>
      ) : (
        <p class="field-error" role="alert">
          {t(locale, 'confirmEmail.taken', vars)}
        </p>
      )}
      <p>{props.signedIn ? <a href="/account">{t(locale, 'account.title')}</a> : <a href="/sign-in?next=%2Faccount">{t(locale, 'confirmEmail.signIn')}</a>}</p>
    </Layout>
  )
}
