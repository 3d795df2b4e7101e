import { Layout, initials } from '../../../ui/layout.tsx'
import type { PublicTerm } from '../queries.ts'
import { termDates } from './directory-page.tsx'

/** A person's public profile. */
export function ProfilePage(props: {
  person: { handle: string; displayName: string; githubLogin: string | null; country: string | null; region: string | null; bio: string }
  terms: PublicTerm[]
}) {
  const p = props.person
  const community = props.terms[0] ? { slug: props.terms[0].communitySlug, name: props.terms[0].communityName } : undefined
  return (
    <Layout meta={{ title: `${p.displayName} · Embassy`, description: `${p.displayName}'s ambassador profile`, community }}>
      <h1>
        <span class="avatar" aria-hidden="true">
          {initials(p.displayName)}
        </span>
        {p.displayName}
      </h1>
      <section class="card">
        <h2>About</h2>
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
          <dt>Region</dt>
          <dd>{p.region ?? 'Not stated'}</dd>
        </dl>
      </section>
      <section class="card">
        <h2>Terms</h2>
        {/* A profile exists only for people with a term (getPublicProfile). */}
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Program terms</caption>
            <thead>
              <tr>
                <th scope="col">Program</th>
                <th scope="col">Cohort</th>
                <th scope="col">Role</th>
                <th scope="col">Term</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.terms.map((t) => (
                <tr>
                  <td>
                    <a href={`/c/${t.communitySlug}/programs/${t.programSlug}`}>{t.programName}</a>
                  </td>
                  <td>{t.cohortTitle}</td>
                  <td>{t.role === 'organizer' ? 'Program team' : 'Ambassador'}</td>
                  <td>{termDates(t)}</td>
                  <td>{t.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  )
}
