import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { Viewer } from '../sessions.ts'

/** The signed-in person's account: identities, applications, sign-out. */
export function AccountPage(props: {
  locale: Locale
  csrf: string
  viewer: Viewer
  identities: { provider: string; login: string | null; email: string | null }[]
  applications: { id: string; status: string; cohortTitle: string; programName: string }[]
}) {
  const { locale } = props
  return (
    <Layout meta={{ title: `${t(locale, 'account.title')} · Embassy`, locale, languageSwitch: true }}>
      <h1>{t(locale, 'account.title')}</h1>
      <p>
        <strong>{props.viewer.displayName}</strong>
        {props.viewer.email ? <span class="muted"> · {props.viewer.email}</span> : null}
      </p>
      <section class="card">
        <h2>{t(locale, 'account.identities')}</h2>
        <ul>
          {props.identities.map((i) => (
            <li>
              {i.provider === 'email' ? t(locale, 'account.identity.email', { email: i.email ?? '' }) : i.provider === 'github' ? `GitHub @${i.login ?? ''}` : `${i.provider} ${i.login ?? i.email ?? ''}`}
            </li>
          ))}
        </ul>
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
          <a href="/admin/outbox">Outbox</a>
        </p>
      ) : null}
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
