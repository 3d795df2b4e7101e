import { Layout, initials } from '../../../ui/layout.tsx'
import { dayInZone, formatDay } from '../../../lib/dates.ts'
import type { Community } from '../../programs/queries.ts'
import type { DirectoryQuery } from '../forms.ts'
import { DIRECTORY_PAGE_SIZE, type DirectoryEntry, type PublicTerm } from '../queries.ts'

/** Everything the directory shows. */
export interface DirectoryPageProps {
  community: Community
  query: DirectoryQuery
  entries: DirectoryEntry[]
  total: number
  facets: { regions: string[]; cohorts: { slug: string; title: string; programName: string }[] }
}

/** How a term reads in a list: "KubeSphere Ambassadors 2023 · alumni". */
export function termLabel(t: PublicTerm): string {
  return `${t.cohortTitle} · ${t.status === 'active' ? 'active' : t.status}`
}

/** A term's days in its cohort's zone ("September 20, 2023 – September 21, 2024"). */
export function termDates(t: PublicTerm): string {
  const last = new Date(t.termEnd.getTime() - 1)
  return `${formatDay(dayInZone(t.termStart, t.timeZone))} – ${formatDay(dayInZone(last, t.timeZone))}`
}

function pageHref(slug: string, q: DirectoryQuery, page: number): string {
  const params = new URLSearchParams()
  if (q.q) params.set('q', q.q)
  if (q.cohort) params.set('cohort', q.cohort)
  if (q.region) params.set('region', q.region)
  if (q.status) params.set('status', q.status)
  if (page > 1) params.set('page', String(page))
  const s = params.toString()
  return `/c/${slug}/ambassadors${s ? `?${s}` : ''}`
}

/** The ambassador directory of a community with search and filters; works without JavaScript. */
export function DirectoryPage(p: DirectoryPageProps) {
  const c = p.community
  const pages = Math.max(1, Math.ceil(p.total / DIRECTORY_PAGE_SIZE))
  const filtered = Boolean(p.query.q || p.query.cohort || p.query.region || p.query.status)
  return (
    <Layout meta={{ title: `Ambassador directory · ${c.name}`, description: `Ambassadors of ${c.name}`, community: { slug: c.slug, name: c.name } }}>
      <h1>Ambassador directory</h1>
      <form class="card search" method="get" action={`/c/${c.slug}/ambassadors`} role="search">
        <label>
          Name or GitHub login
          <input type="search" name="q" value={p.query.q ?? ''} maxlength={100} autocomplete="off" />
        </label>
        <label>
          Cohort
          <select name="cohort">
            <option value="">All cohorts</option>
            {p.facets.cohorts.map((co) => (
              <option value={co.slug} selected={co.slug === p.query.cohort}>
                {co.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Region
          <select name="region">
            <option value="">All regions</option>
            {p.facets.regions.map((r) => (
              <option value={r} selected={r === p.query.region}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status">
            <option value="">Any status</option>
            <option value="active" selected={p.query.status === 'active'}>
              Active
            </option>
            <option value="alumni" selected={p.query.status === 'alumni'}>
              Alumni
            </option>
          </select>
        </label>
        <button type="submit">Search</button>
        {filtered ? (
          <a class="button secondary" href={`/c/${c.slug}/ambassadors`}>
            Clear
          </a>
        ) : null}
      </form>
      <p role="status" id="result-count">
        {p.total === 1 ? '1 ambassador' : `${p.total} ambassadors`}
        {filtered ? ' match' : ''}
        {p.query.q ? ` “${p.query.q}”` : ''}.
      </p>
      {p.entries.length ? (
        <ul class="members" aria-labelledby="result-count">
          {p.entries.map((e) => (
            <li>
              <span class="avatar" aria-hidden="true">
                {initials(e.displayName)}
              </span>
              <a class="name" href={`/people/${e.handle}`}>
                {e.displayName}
              </a>
              {e.githubLogin ? <div class="muted">@{e.githubLogin}</div> : null}
              <div class="muted">{e.region ?? 'Region not stated'}</div>
              {e.terms.map((t) => (
                <div>
                  <span class="badge">{termLabel(t)}</span>
                </div>
              ))}
            </li>
          ))}
        </ul>
      ) : (
        <p>No ambassador matches. Try fewer letters or another filter.</p>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="Pages">
          {p.query.page > 1 ? <a href={pageHref(c.slug, p.query, p.query.page - 1)}>Previous page</a> : null}
          <span>
            Page {p.query.page} of {pages}
          </span>
          {p.query.page < pages ? <a href={pageHref(c.slug, p.query, p.query.page + 1)}>Next page</a> : null}
        </nav>
      ) : null}
    </Layout>
  )
}
