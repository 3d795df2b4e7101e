import { raw } from 'hono/html'
import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { renderMarkdown } from '../../../lib/markdown.ts'
import type { Community, Program } from '../queries.ts'
import { ContactList, SocialLinks } from './community-links.tsx'

/** A community's home: its programs and how to reach it. */
export function CommunityPage(props: { community: Community; programs: Program[]; locale: Locale }) {
  const { locale } = props
  const c = props.community
  return (
    <Layout meta={{ title: t(locale, 'communityPage.title', { community: c.name }), description: c.tagline, community: { slug: c.slug, name: c.name }, locale, languageSwitch: true }}>
      <h1>{c.name}</h1>
      <p class="lede">{c.tagline}</p>
      {c.descriptionMd ? <div class="prose">{raw(renderMarkdown(c.descriptionMd))}</div> : null}
      <section aria-labelledby="programs-heading">
        <h2 id="programs-heading">{t(locale, 'communityPage.programs')}</h2>
        <div class="grid">
          {props.programs.map((p) => (
            <article class="card">
              <h3>
                <a href={`/c/${c.slug}/programs/${p.slug}`}>{p.name}</a>
              </h3>
              {p.status === 'proposed' ? <p class="badge">{t(locale, 'communityPage.proposed')}</p> : null}
              <p>{p.summary}</p>
            </article>
          ))}
        </div>
        {props.programs.length === 0 ? <p>{t(locale, 'communityPage.noPrograms')}</p> : null}
      </section>
      <p>
        <a class="button" href={`/c/${c.slug}/ambassadors`}>
          {t(locale, 'communityPage.directory')}
        </a>
      </p>
      <div class="grid">
        <SocialLinks community={c} locale={locale} />
        <ContactList community={c} locale={locale} />
      </div>
    </Layout>
  )
}

/** The deployment's home: every community it hosts. */
export function HomePage(props: { communities: { slug: string; name: string; tagline: string; programCount: number }[]; locale: Locale }) {
  const { locale } = props
  const [beforeCommand, afterCommand] = t(locale, 'home.none').split('{command}')
  return (
    <Layout meta={{ title: t(locale, 'home.title'), description: t(locale, 'home.description'), locale, languageSwitch: true }}>
      <h1>{t(locale, 'home.heading')}</h1>
      <p class="lede">{t(locale, 'home.lede')}</p>
      <div class="grid">
        {props.communities.map((c) => (
          <article class="card">
            <h2>
              <a href={`/c/${c.slug}`}>{c.name}</a>
            </h2>
            <p>{c.tagline}</p>
            <p class="muted">{c.programCount === 1 ? t(locale, 'home.programs.one') : t(locale, 'home.programs.many', { count: c.programCount })}</p>
          </article>
        ))}
      </div>
      {props.communities.length === 0 ? (
        <p>
          {beforeCommand}
          <code>embassy seed --demo</code>
          {afterCommand}
        </p>
      ) : null}
    </Layout>
  )
}
