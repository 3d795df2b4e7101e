import { Layout, initials } from '../../../ui/layout.tsx'
import { dayInZone } from '../../../lib/dates.ts'
import { formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
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
  locale: Locale
  /** The language the address chose (?lang=), kept by the search form and the page links. */
  lang?: Locale
}

const statusKey = { active: 'directory.status.active', alumni: 'directory.status.alumni', revoked: 'directory.status.revoked' } as const

/** A term's status for people: "Active", "往届". */
export function termStatus(locale: Locale, status: PublicTerm['status']): string {
  return t(locale, statusKey[status])
}

/** How a term reads in a list: "KubeSphere Ambassadors 2023 · Alumni". */
export function termLabel(locale: Locale, term: PublicTerm): string {
  return t(locale, 'directory.term', { cohort: term.cohortTitle, status: termStatus(locale, term.status) })
}

/** A term's days in its cohort's zone ("September 20, 2023 – September 21, 2024", "2023年9月20日 – 2024年9月21日"). */
export function termDates(locale: Locale, term: PublicTerm): string {
  const last = new Date(term.termEnd.getTime() - 1)
  return `${formatDayIn(locale, dayInZone(term.termStart, term.timeZone))} – ${formatDayIn(locale, dayInZone(last, term.timeZone))}`
}

function pageHref(slug: string, q: DirectoryQuery, page: number, lang: Locale | undefined): string {
  const params = new URLSearchParams()
  if (q.q) params.set('q', q.q)
  if (q.cohort) params.set('cohort', q.cohort)
  if (q.region) params.set('region', q.region)
  if (q.status) params.set('status', q.status)
  if (page > 1) params.set('page', String(page))
  if (lang) params.set('lang', lang)
  const s = params.toString()
  return `/c/${slug}/ambassadors${s ? `?${s}` : ''}`
}

/** The ambassador directory of a community with search and filters; works without JavaScript. */
export function DirectoryPage(p: DirectoryPageProps) {
  const c = p.community
  const pages = Math.max(1, Math.ceil(p.total / DIRECTORY_PAGE_SIZE))
  const filtered = Boolean(p.query.q || p.query.cohort || p.query.region || p.query.status)
  const { locale } = p
  const n = p.total === 1 ? 'one' : 'many'
  const count = p.query.q
    ? t(locale, `directory.matchQuery.${n}`, { count: p.total, q: p.query.q })
    : t(locale, filtered ? `directory.match.${n}` : `directory.count.${n}`, { count: p.total })
  return (
    <Layout meta={{ title: t(locale, 'directory.title', { community: c.name }), description: t(locale, 'directory.description', { community: c.name }), community: { slug: c.slug, name: c.name }, locale, languageSwitch: true }}>
      <h1>{t(locale, 'directory.heading')}</h1>
      <form class="card search" method="get" action={`/c/${c.slug}/ambassadors`} role="search">
        {p.lang ? <input type="hidden" name="lang" value={p.lang} /> : null}
        <label>
          {t(locale, 'directory.q')}
          <input type="search" name="q" value={p.query.q ?? ''} maxlength={100} autocomplete="off" />
        </label>
        <label>
          {t(locale, 'directory.cohort')}
          <select name="cohort">
            <option value="">{t(locale, 'directory.allCohorts')}</option>
            {p.facets.cohorts.map((co) => (
              <option value={co.slug} selected={co.slug === p.query.cohort}>
                {co.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(locale, 'directory.region')}
          <select name="region">
            <option value="">{t(locale, 'directory.allRegions')}</option>
            {p.facets.regions.map((r) => (
              <option value={r} selected={r === p.query.region}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(locale, 'directory.status')}
          <select name="status">
            <option value="">{t(locale, 'directory.anyStatus')}</option>
            <option value="active" selected={p.query.status === 'active'}>
              {t(locale, 'directory.status.active')}
            </option>
            <option value="alumni" selected={p.query.status === 'alumni'}>
              {t(locale, 'directory.status.alumni')}
            </option>
          </select>
        </label>
        <button type="submit">{t(locale, 'directory.search')}</button>
        {filtered ? (
          <a class="button secondary" href={`/c/${c.slug}/ambassadors${p.lang ? `?lang=${p.lang}` : ''}`}>
            {t(locale, 'directory.clear')}
          </a>
        ) : null}
      </form>
      <p role="status" id="result-count">
        {count}
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
              <div class="muted">{e.region ?? t(locale, 'directory.noRegion')}</div>
              {e.terms.map((term) => (
                <div>
                  <span class="badge">{termLabel(locale, term)}</span>
                </div>
              ))}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(locale, 'directory.none')}</p>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t(locale, 'directory.pages')}>
          {p.query.page > 1 ? <a href={pageHref(c.slug, p.query, p.query.page - 1, p.lang)}>{t(locale, 'directory.previous')}</a> : null}
          <span>{t(locale, 'directory.pageOf', { page: p.query.page, pages })}</span>
          {p.query.page < pages ? <a href={pageHref(c.slug, p.query, p.query.page + 1, p.lang)}>{t(locale, 'directory.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  )
}
