import { Layout, initials } from '../../../ui/layout.tsx'
import type { PublicTerm } from '../queries.ts'
import { t, type Locale } from '../../../ui/i18n.ts'
import { termDates, termStatus } from './directory-page.tsx'

/** A person's public profile. */
export function ProfilePage(props: {
  person: { handle: string; displayName: string; githubLogin: string | null; country: string | null; region: string | null; bio: string }
  terms: PublicTerm[]
  locale: Locale
}) {
  const { locale } = props
  const p = props.person
  const community = props.terms[0] ? { slug: props.terms[0].communitySlug, name: props.terms[0].communityName } : undefined
  return (
    <Layout meta={{ title: `${p.displayName} · Embassy`, description: t(locale, 'profile.description', { name: p.displayName }), community, locale, languageSwitch: true }}>
      <h1>
        <span class="avatar" aria-hidden="true">
          {initials(p.displayName)}
        </span>
        {p.displayName}
      </h1>
      <section class="card">
        <h2>{t(locale, 'profile.about')}</h2>
        {p.bio ? <p>{p.bio}</p> : null}
        <dl>
          {p.githubLogin ? (
            <>
              <dt>GitHub</dt>
              <dd>
                <a href={`https://github.com/${p.githubLogin}`} rel="noopener">
                  @{p.githubLogin}
                </a>
              </dd>
            </>
          ) : null}
          <dt>{t(locale, 'profile.region')}</dt>
          <dd>{p.region ?? t(locale, 'profile.notStated')}</dd>
        </dl>
      </section>
      <section class="card">
        <h2>{t(locale, 'profile.terms')}</h2>
        {/* A profile exists only for people with a term (getPublicProfile). */}
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t(locale, 'profile.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(locale, 'profile.program')}</th>
                <th scope="col">{t(locale, 'profile.cohort')}</th>
                <th scope="col">{t(locale, 'profile.role')}</th>
                <th scope="col">{t(locale, 'profile.term')}</th>
                <th scope="col">{t(locale, 'profile.status')}</th>
                <th scope="col">{t(locale, 'profile.credential')}</th>
              </tr>
            </thead>
            <tbody>
              {props.terms.map((term) => (
                <tr>
                  <td>
                    <a href={`/c/${term.communitySlug}/programs/${term.programSlug}`}>{term.programName}</a>
                  </td>
                  <td>{term.cohortTitle}</td>
                  <td>{t(locale, term.role === 'organizer' ? 'profile.role.organizer' : 'profile.role.ambassador')}</td>
                  <td>{termDates(locale, term)}</td>
                  <td>{termStatus(locale, term.status)}</td>
                  <td>{term.credentialId ? <a href={`/credentials/${term.credentialId}`}>{t(locale, 'profile.verifyCredential')}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  )
}
