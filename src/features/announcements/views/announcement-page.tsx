import { raw } from 'hono/html'
import { Layout } from '../../../ui/layout.tsx'
import { renderMarkdown } from '../../../lib/markdown.ts'
import { dayInZone } from '../../../lib/dates.ts'
import { formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
import { describeYearInRow } from '../../memberships/terms.ts'
import type { AnnouncedAmbassador, NewsItem } from '../queries.ts'

interface ProgramRef {
  community: { slug: string; name: string }
  program: { slug: string; name: string }
}

const programPath = (p: ProgramRef) => `/c/${p.community.slug}/programs/${p.program.slug}`

/** The public announcement of a cohort, like the 2023 KubeSphere one: the introduction, then the table of new ambassadors. */
export function AnnouncementPage(
  props: ProgramRef & {
    locale: Locale
    announcement: { title: string; introMd: string; publishedAt: Date | null }
    cohort: { slug: string; title: string; timeZone: string }
    ambassadors: AnnouncedAmbassador[]
    canonical: string
  },
) {
  const { locale } = props
  const published = props.announcement.publishedAt!
  return (
    <Layout meta={{ title: props.announcement.title, description: `${props.program.name} · ${props.cohort.title}`, canonical: props.canonical, image: `${new URL(props.canonical).origin}${programPath(props)}/og.png`, community: props.community, locale, languageSwitch: true }}>
      <p class="muted">
        <a href={`${programPath(props)}/news`}>{t(locale, 'news.heading', { program: props.program.name })}</a> ·{' '}
        <time datetime={published.toISOString()}>{formatDayIn(locale, dayInZone(published, props.cohort.timeZone))}</time>
      </p>
      <h1>{props.announcement.title}</h1>
      {props.announcement.introMd ? <div class="prose">{raw(renderMarkdown(props.announcement.introMd))}</div> : null}
      <h2 id="ambassadors-heading">{t(locale, 'news.ambassadorsHeading', { count: props.ambassadors.length })}</h2>
      {props.ambassadors.length ? (
        <table aria-labelledby="ambassadors-heading">
          <thead>
            <tr>
              <th scope="col">{t(locale, 'news.colName')}</th>
              <th scope="col">{t(locale, 'news.colRegion')}</th>
              <th scope="col">{t(locale, 'news.colYear')}</th>
              <th scope="col">{t(locale, 'news.colCertificate')}</th>
            </tr>
          </thead>
          <tbody>
            {props.ambassadors.map((a) => (
              <tr>
                <td>
                  <a href={`/people/${a.handle}`}>{a.displayName}</a>
                </td>
                <td>{a.region ?? '—'}</td>
                <td>{describeYearInRow(locale, a.consecutiveYears)}</td>
                <td>{a.credentialId ? <a href={`/credentials/${a.credentialId}`}>{t(locale, 'news.viewCertificate')}</a> : <span class="muted">{t(locale, 'news.certificateSoon')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t(locale, 'news.noAmbassadors')}</p>
      )}
      <p>
        <a href={programPath(props)}>{t(locale, 'news.backToProgram', { program: props.program.name })}</a>
      </p>
    </Layout>
  )
}

/** A program's news: its published announcements, newest first, with the Atom feed. */
export function NewsPage(props: ProgramRef & { locale: Locale; items: NewsItem[]; canonical: string }) {
  const { locale } = props
  return (
    <Layout meta={{ title: t(locale, 'news.heading', { program: props.program.name }), canonical: props.canonical, community: props.community, locale, languageSwitch: true }}>
      <h1>{t(locale, 'news.heading', { program: props.program.name })}</h1>
      <p>
        <a href={`${programPath(props)}/news.atom`} type="application/atom+xml">
          {t(locale, 'news.feed')}
        </a>
      </p>
      {props.items.length ? (
        <ul class="news">
          {props.items.map((item) => (
            <li>
              <h2>
                <a href={`${programPath(props)}/news/${item.cohortSlug}`}>{item.title}</a>
              </h2>
              <p class="muted">
                <time datetime={item.publishedAt.toISOString()}>{formatDayIn(locale, item.publishedAt.toISOString().slice(0, 10))}</time> · {item.cohortTitle}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(locale, 'news.none')}</p>
      )}
      <p>
        <a href={programPath(props)}>{t(locale, 'news.backToProgram', { program: props.program.name })}</a>
      </p>
    </Layout>
  )
}
