import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { Viewer } from '../sessions.ts'
import { Notice } from '../../../ui/form-field.tsx'
import { identityLabel } from '../identity-label.ts'

/**
 * The signed-in person's account: sign-in identities (another email address added by a link sent to it, a
 * provider's account connected), the contributor identities that count for them, applications, sign-out.
 */
export function AccountPage(props: {
  locale: Locale
  csrf: string
  viewer: Viewer
  identities: { provider: string; login: string | null; email: string | null }[]
  counted: { key: string; name: string | null; contributions: number }[]
  applications: { id: string; status: string; cohortTitle: string; programName: string }[]
  /** Sign-in providers configured on this site (those not connected yet get a button). */
  providers: { id: string; label: string }[]
  /** The configured OpenID Connect provider, whose label names its identities. */
  oidc?: { issuer: string; label: string } | undefined
  notice?: string | undefined
  error?: string | undefined
  /** The add-an-address form after a refusal: what was typed and why. */
  addEmail?: { value: string; error: string }
}) {
  const { locale } = props
  const connectable = props.providers.filter((p) => !props.identities.some((i) => (p.id === 'github' ? i.provider === 'github' : i.provider.startsWith('oidc:'))))
  return (
    <Layout meta={{ title: `${t(locale, 'account.title')} · Embassy`, locale, languageSwitch: true }}>
      <h1>{t(locale, 'account.title')}</h1>
      <p>
        <strong>{props.viewer.displayName}</strong>
        {props.viewer.email ? <span class="muted"> · {props.viewer.email}</span> : null}
      </p>
      <Notice text={props.notice} />
      {props.error ? (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <section class="card">
        <h2>{t(locale, 'account.identities')}</h2>
        <ul>
          {props.identities.map((i) => (
            <li>{identityLabel(locale, i, props.oidc)}</li>
          ))}
        </ul>
        {connectable.map((p) => (
          <form class="inline-form" method="post" action={`/sign-in/${p.id}`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="intent" value="connect" />
            <button type="submit" class="secondary">
              {t(locale, 'account.connect', { provider: p.label })}
            </button>
          </form>
        ))}
        <form class="form" method="post" action="/account/emails">
          <CsrfField token={props.csrf} />
          <h3>{t(locale, 'account.addEmail.title')}</h3>
          <p class="muted">{t(locale, 'account.addEmail.intro')}</p>
          <div class="field">
            <label for="add-email">{t(locale, 'account.addEmail.label')}</label>
            <input
              id="add-email"
              name="email"
              type="email"
              required
              autocomplete="email"
              value={props.addEmail?.value ?? ''}
              {...(props.addEmail ? { 'aria-invalid': 'true', 'aria-describedby': 'add-email-error' } : {})}
            />
            {props.addEmail ? (
              <p class="field-error" id="add-email-error">
                {props.addEmail.error}
              </p>
            ) : null}
          </div>
          <button type="submit">{t(locale, 'account.addEmail.send')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t(locale, 'account.counted')}</h2>
        {props.counted.length ? (
          <>
            <p class="muted">{t(locale, 'account.counted.intro')}</p>
            <ul>
              {props.counted.map((i) => (
                <li>
                  <code>{i.key}</code>
                  {i.name ? ` · ${i.name}` : ''} · {t(locale, 'account.counted.count', { count: i.contributions.toLocaleString(locale) })}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t(locale, 'account.counted.none')}</p>
        )}
      </section>
      <section class="card">
        <h2>{t(locale, 'account.applications')}</h2>
        {props.applications.length ? (
          <ul>
            {props.applications.map((a) => (
              <li>
                <a href={`/applications/${a.id}`}>
                  {a.programName} · {a.cohortTitle}
                </a>{' '}
                <span class="badge">{a.status === 'draft' || a.status === 'submitted' || a.status === 'withdrawn' ? t(locale, `account.status.${a.status}`) : a.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t(locale, 'account.none')}</p>
        )}
      </section>
      {props.viewer.roles.some((r) => r.role === 'admin') ? (
        <p>
          <a href="/admin/outbox">{t(locale, 'account.admin.outbox')}</a> · <a href="/admin/identities">{t(locale, 'account.admin.identities')}</a>
        </p>
      ) : null}
      <p>
        <a href="/account/tokens">{t(locale, 'account.tokens')}</a>
      </p>
      <p>
        <a href="/account/data">{t(locale, 'privacy.download')}</a> · <a href="/account/delete">{t(locale, 'privacy.delete.link')}</a>
      </p>
      <form class="inline-form" method="post" action="/sign-out">
        <CsrfField token={props.csrf} />
        <button type="submit">{t(locale, 'account.signOut')}</button>
      </form>{' '}
      <form class="inline-form" method="post" action="/sign-out/everywhere">
        <CsrfField token={props.csrf} />
        <button type="submit" class="secondary">
          {t(locale, 'account.signOutEverywhere')}
        </button>
      </form>
    </Layout>
  )
}
